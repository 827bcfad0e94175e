from cli import main  # python -m campaign: the command line lives outside the domain (cli/)

raise SystemExit(main())
