// @ts-nocheck
/**
 * Runs inside the browser page (playwright serializes it; DOM types are not part of the project's TypeScript
 * setup, hence plain JS): the box of every text and rectangle of the inline SVG, then the picture rasterized on
 * a canvas to count the pixels that are not the white background.
 */
async function measureInPage(source) {
  const root = document.querySelector('svg');
  const box = (e) => {
    const b = e.getBBox();
    return { text: e.textContent ?? '', x: b.x, y: b.y, w: b.width, h: b.height };
  };
  const texts = [...root.querySelectorAll('text')].map(box);
  const rects = [...root.querySelectorAll('rect')].map(box);
  const width = root.viewBox.baseVal.width;
  const height = root.viewBox.baseVal.height;
  const img = new Image();
  img.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(source)))}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, width, height).data;
  let inked = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240) inked += 1;
  return { width, height, texts, rects, inked: inked / (width * height) };
}

module.exports = { measureInPage };
