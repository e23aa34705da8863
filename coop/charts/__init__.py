"""Income charts as SVG, drawn on the server."""
