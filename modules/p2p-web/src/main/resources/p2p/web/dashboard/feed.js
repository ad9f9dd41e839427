import { el, shortId } from './tables.js';

// The live feed of /p2p-ws. Frames arrive at any rate (50/s and more); they are queued and drawn at most once per
// animation frame, and the table never holds more than MAX_ROWS rows, so the page stays light under load.
const MAX_ROWS = 200;
const KEPT = 1000;

export class LiveFeed {
  constructor({ body, pause, type, filter, count, state, onFrame }) {
    this.body = body;
    this.pause = pause;
    this.type = type;
    this.filter = filter;
    this.count = count;
    this.state = state;
    this.onFrame = onFrame;
    this.kept = [];      // newest last, at most KEPT, for redrawing when the filter changes
    this.pending = [];   // received since the last drawn frame
    this.received = 0;
    this.scheduled = false;
    const redraw = () => { this.pending = []; this.body.replaceChildren(); this.draw(this.kept.slice(-MAX_ROWS * 5)); };
    type.addEventListener('change', redraw);
    filter.addEventListener('input', redraw);
    pause.addEventListener('change', () => { if (!pause.checked) this.schedule(); });
  }

  connect() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/p2p-ws`);
    socket.onopen = () => { this.state.textContent = 'feed: live'; this.state.className = 'tag up'; };
    socket.onclose = () => {
      this.state.textContent = 'feed: reconnecting';
      this.state.className = 'tag down';
      setTimeout(() => this.connect(), 2000);
    };
    socket.onmessage = event => {
      let frame;
      try { frame = JSON.parse(event.data); } catch { return; }
      if (!frame || frame.type === 'PING') return;
      this.received++;
      this.onFrame(frame);
      this.kept.push(frame);
      if (this.kept.length > KEPT) this.kept.splice(0, this.kept.length - KEPT);
      this.pending.push(frame);
      if (this.pending.length > MAX_ROWS) this.pending.splice(0, this.pending.length - MAX_ROWS);
      this.schedule();
    };
  }

  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.count.textContent = `${this.received} received`;
      if (this.pause.checked) return;
      const frames = this.pending;
      this.pending = [];
      this.draw(frames);
    });
  }

  matches(frame) {
    const type = this.type.value;
    const text = this.filter.value.toLowerCase();
    return (!type || frame.type === type) && (!text || JSON.stringify(frame).toLowerCase().includes(text));
  }

  draw(frames) {
    const fragment = document.createDocumentFragment();
    for (let i = frames.length - 1; i >= 0; i--) {
      const f = frames[i];
      if (!this.matches(f)) continue;
      const tr = el('tr');
      tr.dataset.type = f.type;
      if (f.hash) tr.dataset.hash = f.hash;
      const time = f.timestamp ? new Date(f.timestamp).toLocaleTimeString() : new Date().toLocaleTimeString();
      tr.append(el('td', time), el('td', f.type), el('td', f.peer_id ? shortId(f.peer_id) : '', 'mono'),
        el('td', detail(f), 'mono'));
      fragment.append(tr);
      if (fragment.childNodes.length >= MAX_ROWS) break;
    }
    this.body.prepend(fragment);
    while (this.body.rows.length > MAX_ROWS) this.body.deleteRow(-1);
  }
}

function detail(f) {
  switch (f.type) {
    case 'block': case 'mining_on': return `${f.hash || ''}${f.height ? ` @${f.height}` : ''}`;
    case 'subtree': return f.hash || '';
    case 'node_status': return `height ${f.best_height ?? '?'} ${f.best_block_hash || ''} ${f.client_name || ''} ${f.fsm_state || ''}`;
    case 'ban': case 'unban': return `${f.ip || ''} ${f.subnet || ''}`;
    default: return f.hash || f.txid || '';
  }
}
