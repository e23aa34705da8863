// The phone's keyboard takes half the screen: the page is resized (viewport meta
// interactive-widget=resizes-content), the save bar stays stuck at the bottom, and the field
// being typed in is scrolled back into view above it.

export function keepFieldInView() {
  const viewport = window.visualViewport;
  if (!viewport) return;
  let lastHeight = viewport.height;
  viewport.addEventListener("resize", () => {
    const shrank = viewport.height < lastHeight;
    lastHeight = viewport.height;
    const field = document.activeElement;
    if (!shrank || !field || !field.matches("input, select, textarea")) return;
    field.scrollIntoView({ block: "nearest" });
  });
}
