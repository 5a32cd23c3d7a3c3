"""The browser app (Gradio): an engine that holds the current index, one module per tab, rendering, launching."""
