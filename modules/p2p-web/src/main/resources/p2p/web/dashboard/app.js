// The operator dashboard: polls /api/v1/ (README, "Dashboard"), /health/ready, and follows /p2p-ws. The admin key
// typed by the operator lives in this module's memory only: never in storage, cookies or the URL.
import { drawRates } from './charts.js';
import { LiveFeed } from './feed.js';
import { PeerTable, el, shortId, ago } from './tables.js';

const $ = id => document.getElementById(id);
let adminKey = '';
/** What the feed said about each peer: best height and hash from its blocks, mining-on and node_status. */
const fromFeed = new Map();
let peers = [];
let ratesTimer = null;
let peersTimer = null;

async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  return response.json();
}

function list(target, values) {
  target.replaceChildren(...(values.length ? values : ['–']).map(v => el('div', v)));
}

async function refreshNetwork() {
  const n = await getJson('/api/v1/network');
  $('self-id').textContent = n.peer_id || '?';
  $('self-id').title = n.peer_id;
  $('protocol').textContent = n.protocol || 'protocol ?';
  document.body.dataset.protocol = n.protocol;
  list($('listen'), n.listen_addresses);
  list($('advertised'), n.advertised_addresses);
  $('dht').textContent = `${n.dht_mode || '?'}${n.routing_table_size >= 0 ? `, ${n.routing_table_size} in routing table` : ''}`;
  $('peer-count').textContent = n.connected_peers;
  $('topics-body').replaceChildren(...n.topics.map(t => {
    const tr = el('tr');
    tr.append(el('td', t.topic, 'mono'), el('td', t.peers >= 0 ? t.peers : '–'), el('td', t.mesh >= 0 ? t.mesh : '–'));
    return tr;
  }));
}

async function refreshPeers() {
  const answer = await getJson('/api/v1/peers');
  peers = answer.peers;
  showPeers();
}

function showPeers() {
  table.update(peers.map(p => {
    const seen = fromFeed.get(p.id) || {};
    // The feed's newest node_status first; the node's record of the peer's last status (/api/v1/peers) otherwise.
    const fromNode = [p.client_name].filter(Boolean).join(' ');
    return { ...p, best_height: Math.max(p.current_height || 0, seen.height || 0),
      best_hash: seen.hash || p.best_hash || '', status: seen.status || fromNode,
      data_hub: [p.storage, p.data_hub_url].filter(Boolean).join(' ') };
  }));
}

async function refreshRates() {
  drawRates($('rates-chart'), $('rates-legend'), await getJson('/api/v1/rates'));
}

async function refreshHealth() {
  const ready = await getJson('/health/ready');
  $('readiness').replaceChildren(...(ready.checks || []).map(c => {
    const row = el('div');
    const detail = c.data ? Object.values(c.data).join(' ') : '';
    row.append(el('span', c.status === 'UP' ? '● ' : '● ', c.status === 'UP' ? 'up' : 'down'), `${c.name} ${detail}`);
    return row;
  }));
  const h = await getJson('/api/v1/health');
  $('kafka-body').replaceChildren(...h.kafka.map(k => {
    const tr = el('tr');
    tr.title = k.url;
    tr.append(el('td', k.setting), el('td', k.role), el('td', k.produced), el('td', k.failed), el('td', k.dropped),
      el('td', k.consumed), el('td', k.rejected));
    return tr;
  }));
  $('ws-stats').textContent = `WebSocket: ${h.websocket.clients} clients, ${h.websocket.published} notifications sent`;
}

async function refreshBans() {
  const b = await getJson('/api/v1/bans');
  $('bans-body').replaceChildren(...b.bans.map(entry => {
    const tr = el('tr');
    tr.dataset.key = entry.key;
    const unban = el('button', 'Unban');
    unban.addEventListener('click', () => mutate('unban', { addr: entry.key }));
    const expires = entry.expires_at ? new Date(entry.expires_at * 1000).toLocaleString() : '?';
    tr.append(el('td', entry.key, 'mono'), el('td', expires), el('td'));
    tr.lastChild.append(unban);
    return tr;
  }));
  const s = await getJson('/api/v1/banscores');
  $('scores-body').replaceChildren(...s.events.slice(-50).reverse().map(e => {
    const tr = el('tr');
    tr.append(el('td', `${ago(e.time)} ago`), el('td', shortId(e.peer_id), 'mono'), el('td', e.score));
    return tr;
  }));
}

/** POSTs a ban or unban with the typed key; a refusal (401, 403, 400) is shown as the node words it. */
async function mutate(action, fields) {
  const message = $('admin-message');
  message.className = '';
  message.textContent = `${action}…`;
  try {
    const response = await fetch(`/api/v1/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-api-key': adminKey },
      body: new URLSearchParams(fields).toString(),
    });
    const answer = await response.json();
    if (!response.ok) {
      message.className = 'error';
      message.textContent = `Refused (${response.status}): ${answer.error}`;
      return;
    }
    message.className = 'ok';
    message.textContent = `${action} ${fields.addr}: done`;
  } catch (e) {
    message.className = 'error';
    message.textContent = `${action} failed: ${e.message}`;
  }
  refreshBans().catch(report);
  refreshPeers().catch(report);
}

function report(e) {
  console.warn('dashboard refresh failed', e);
}

function every(ms, refresh) {
  const run = () => refresh().catch(report);
  run();
  return setInterval(run, ms);
}

const table = new PeerTable($('peer-table'), $('peer-filter'));
$('admin-key').addEventListener('input', e => { adminKey = e.target.value; });
$('ban-form').addEventListener('submit', e => {
  e.preventDefault();
  const minutes = Number($('ban-minutes').value || 0);
  const fields = { addr: $('ban-addr').value };
  if (minutes > 0) fields.until = String(Math.floor(Date.now() / 1000) + minutes * 60);
  if ($('ban-force').checked) fields.force = 'true';
  mutate('ban', fields);
});

new LiveFeed({
  body: $('feed-body'), pause: $('feed-pause'), type: $('feed-type'), filter: $('feed-filter'),
  count: $('feed-count'), state: $('ws-state'),
  onFrame: frame => {
    if (frame.peer_id && (frame.type === 'block' || frame.type === 'mining_on' || frame.type === 'node_status')) {
      const status = frame.type === 'node_status';
      const height = (status ? frame.best_height : frame.height) || 0;
      const hash = (status ? frame.best_block_hash : frame.hash) || '';
      const seen = fromFeed.get(frame.peer_id) || { height: 0, hash: '', status: '' };
      if (height >= seen.height && hash) Object.assign(seen, { height, hash });
      if (status) {
        seen.status = [frame.fsm_state, frame.listen_mode, frame.client_name, frame.version].filter(Boolean).join(' · ');
      }
      fromFeed.set(frame.peer_id, seen);
      // Show the new best height at most twice a second, not once per frame.
      if (!peersTimer) peersTimer = setTimeout(() => { peersTimer = null; showPeers(); }, 500);
    }
    if (frame.type === 'ban' || frame.type === 'unban') refreshBans().catch(report);
    // A message counted by the node: redraw the rates soon rather than at the next poll.
    if (!ratesTimer) ratesTimer = setTimeout(() => { ratesTimer = null; refreshRates().catch(report); }, 1000);
  },
}).connect();

every(10000, refreshNetwork);
every(2000, refreshPeers);
every(5000, refreshRates);
every(5000, refreshHealth);
every(5000, refreshBans);
