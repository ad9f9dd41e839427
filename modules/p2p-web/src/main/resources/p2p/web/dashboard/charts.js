// Line chart of per-topic counts per minute on a canvas, drawn by hand: no chart library, nothing fetched.
const COLOURS = ['#4fb0ff', '#5ad68a', '#ffb547', '#ff6b6b', '#c58bff', '#7fe0e0'];

/** Draws {start, topics:[{topic, counts[15]}]} from /api/v1/rates and fills the legend. */
export function drawRates(canvas, legend, rates) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || canvas.width;
  const height = canvas.clientHeight || canvas.height;
  if (canvas.width !== Math.round(width * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const g = canvas.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  const pad = { left: 44, right: 8, top: 8, bottom: 20 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const minutes = rates.topics.length ? rates.topics[0].counts.length : 15;
  const max = Math.max(1, ...rates.topics.flatMap(t => t.counts));
  g.strokeStyle = '#33414f';
  g.fillStyle = '#8a97a5';
  g.font = '11px system-ui, sans-serif';
  for (let i = 0; i <= 4; i++) {
    const y = pad.top + plotH - (plotH * i) / 4;
    g.beginPath(); g.moveTo(pad.left, y); g.lineTo(pad.left + plotW, y); g.stroke();
    g.fillText(String(Math.round((max * i) / 4)), 4, y + 4);
  }
  for (let m = 0; m < minutes; m += 5) {
    const x = pad.left + (plotW * m) / (minutes - 1);
    g.fillText(minutes - 1 - m === 0 ? 'now' : `-${minutes - 1 - m}m`, x - 10, height - 4);
  }
  g.fillText('now', pad.left + plotW - 18, height - 4);
  legend.replaceChildren();
  rates.topics.forEach((t, i) => {
    const colour = COLOURS[i % COLOURS.length];
    g.strokeStyle = colour;
    g.lineWidth = 2;
    g.beginPath();
    t.counts.forEach((c, m) => {
      const x = pad.left + (plotW * m) / (minutes - 1);
      const y = pad.top + plotH - (plotH * c) / max;
      if (m === 0) g.moveTo(x, y); else g.lineTo(x, y);
    });
    g.stroke();
    const item = document.createElement('span');
    const swatch = document.createElement('i');
    swatch.style.background = colour;
    item.append(swatch, `${t.topic}: ${t.counts.reduce((a, b) => a + b, 0)}`);
    legend.append(item);
  });
  g.lineWidth = 1;
  // What was drawn, per topic total, for people's tooltips and for the browser test.
  canvas.dataset.totals = JSON.stringify(Object.fromEntries(
    rates.topics.map(t => [t.topic, t.counts.reduce((a, b) => a + b, 0)])));
}
