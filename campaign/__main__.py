from cli import main  # python -m campaign: the command line lives outside the domain (cli.py)

raise SystemExit(main())
