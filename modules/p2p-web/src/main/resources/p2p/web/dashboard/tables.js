// The peer table: sortable by any column, filtered by text, rebuilt from plain data with textContent only
// (peer-supplied strings such as user agents never become markup).
export function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

export function shortId(id) {
  return id.length > 16 ? `${id.slice(0, 8)}…${id.slice(-6)}` : id;
}

export function bytes(n) {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024, i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(1)} ${units[i]}`;
}

export function ago(unixSeconds) {
  if (!unixSeconds) return '–';
  const s = Math.max(0, Math.round(Date.now() / 1000 - unixSeconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d`;
}

export class PeerTable {
  constructor(table, filterInput) {
    this.body = table.tBodies[0];
    this.rows = [];
    this.sortKey = 'conn_time';
    this.ascending = true;
    this.filter = '';
    this.headers = [...table.tHead.rows[0].cells];
    this.headers.forEach(th => th.addEventListener('click', () => {
      const key = th.dataset.key;
      this.ascending = this.sortKey === key ? !this.ascending : true;
      this.sortKey = key;
      this.render();
    }));
    filterInput.addEventListener('input', () => { this.filter = filterInput.value.toLowerCase(); this.render(); });
  }

  /** peers: /api/v1/peers rows merged with what the feed told about each peer (best height and hash). */
  update(peers) {
    this.rows = peers;
    this.render();
  }

  render() {
    const f = this.filter;
    const shown = this.rows.filter(p => !f || [p.id, p.addr, p.user_agent, p.best_hash, p.data_hub]
      .some(v => String(v || '').toLowerCase().includes(f)));
    const k = this.sortKey, dir = this.ascending ? 1 : -1;
    shown.sort((a, b) => (a[k] > b[k] ? 1 : a[k] < b[k] ? -1 : 0) * dir);
    this.headers.forEach(th => {
      th.classList.toggle('sorted', th.dataset.key === k);
      th.classList.toggle('asc', th.dataset.key === k && this.ascending);
    });
    const fragment = document.createDocumentFragment();
    for (const p of shown) {
      const tr = el('tr');
      tr.dataset.peerId = p.id;
      const id = el('td', shortId(p.id), 'mono copy');
      id.title = `${p.id} (click to copy)`;
      id.addEventListener('click', () => navigator.clipboard && navigator.clipboard.writeText(p.id));
      const agent = [p.user_agent, p.version ? `v${p.version}` : ''].filter(Boolean).join(' ');
      tr.append(id, el('td', p.addr, 'mono'), el('td', p.inbound ? 'in' : 'out'), el('td', ago(p.conn_time)),
        el('td', agent || '–'), el('td', p.best_height || '–'), el('td', p.best_hash ? shortId(p.best_hash) : '–', 'mono'),
        el('td', p.status || '–', 'status-col'), el('td', p.data_hub || '–', 'status-col mono'), el('td', p.ban_score), el('td', bytes(p.bytes_received)), el('td', bytes(p.bytes_sent)),
        el('td', p.ping_time_us ? `${(p.ping_time_us / 1000).toFixed(1)} ms` : '–'));
      fragment.append(tr);
    }
    this.body.replaceChildren(fragment);
  }
}
