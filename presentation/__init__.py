"""What is drawn: views, charts, figures, the map, colours, labels and formats. No Streamlit: the app, the documents and the digest all use it."""
