"""QR product labels: data in (LabelData, a layout from labels/), PNG, SVG, PDF, ZPL or Brother QL
raster bytes out. No database here: services pass the data in."""
