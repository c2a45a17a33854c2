// codex-helper dashboard: vanilla JS, no dependencies. Every text from the server is set with textContent.
'use strict';
(() => {
  const token = document.querySelector('meta[name="codex-helper-token"]').content;
  const self = document.querySelector('meta[name="codex-helper-service"]').content;
  const base = '/__codex_helper/';
  const MAX_FEED = 200;
  const services = new Map(); // name -> { state, receivedAt }
  const feedIds = new Set();

  const h = (tag, attrs, ...children) => {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  };
  const api = async (path, body) => {
    const init = { headers: { 'X-Codex-Helper-Token': token } };
    if (body !== undefined) {
      init.method = 'POST';
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const r = await fetch(base + path, init);
    const json = await r.json().catch(() => ({ ok: false, message: r.statusText }));
    if (!r.ok && body === undefined) throw new Error(json.message || r.statusText);
    return json;
  };
  const fmt = n => (n ?? 0).toLocaleString('en-US');
  const short = n => n >= 1e6 ? (n / 1e6).toFixed(1) + 'M' : n >= 1e3 ? (n / 1e3).toFixed(1) + 'k' : String(n ?? 0);
  const usd = c => c === undefined || c === null ? '' : '$' + (c < 0.01 && c > 0 ? c.toFixed(4) : c.toFixed(2));
  const ms = v => v === undefined || v === null ? '' : v >= 10000 ? (v / 1000).toFixed(1) + ' s' : v + ' ms';
  const time = ts => new Date(ts).toLocaleTimeString('en-GB');
  const host = url => { try { return new URL(url).host; } catch { return url || ''; } };
  const toast = (text, bad) => {
    const t = document.getElementById('toast');
    t.textContent = text; t.className = bad ? 'bad' : ''; t.hidden = false;
    clearTimeout(toast.timer); toast.timer = setTimeout(() => { t.hidden = true; }, 4000);
  };

  // ---- services and upstreams ----
  const stateOf = u => u.manual === 'disabled' ? 'disabled' : u.state;
  const stateText = (u, receivedAt) => {
    const s = stateOf(u);
    if (s === 'cooling_down') {
      const left = Math.max(0, Math.ceil(u.cooldown_remaining_s - (Date.now() - receivedAt) / 1000));
      return `cooling down ${left}s`;
    }
    return s.replace('_', '-');
  };
  const act = async (service, action, extra) => {
    const r = await api('api/action', { action, service, ...extra });
    toast(r.message, !r.ok);
    refreshState();
  };
  function renderServices() {
    const root = document.getElementById('services');
    root.replaceChildren(...[...services.values()].map(({ state: s, receivedAt }) => {
      const configSelect = h('select', { 'data-config-select': s.service },
        (s.configs.length ? s.configs : [s.active_config || '']).map(c => h('option', { value: c, selected: c === s.active_config, title: c }, c || '(none)')));
      configSelect.title = configSelect.value;
      const head = h('div', { class: 'svc-head' },
        h('span', { class: 'svc-name' }, s.service),
        h('span', { class: 'pill ' + (s.running ? 'st-ok' : 'st-stopped') }, s.running ? `running :${s.port}` : `not running :${s.port}`),
        s.capture ? h('span', { class: 'pill st-half_open', 'data-capture': s.service, title: `${s.capture.dir} · ${fmt(s.capture.written)} written, ${fmt(s.capture.dropped)} dropped, newest ${fmt(s.capture.keep)} kept` }, 'capturing to disk') : null,
        h('span', { class: 'muted' }, 'config'), configSelect,
        h('button', { 'data-action': 'set_active', 'data-service': s.service, onclick: () => act(s.service, 'set_active', { config: configSelect.value }) }, 'use'),
        s.running ? h('span', { class: 'svc-stats' }, `${fmt(s.requests)} requests · ${fmt(s.failures)} failed · ${fmt(s.failovers)} failovers`
          + (s.sessions && s.sessions.affinity ? ` · ${fmt(s.sessions.pinned)} session${s.sessions.pinned === 1 ? '' : 's'} pinned` : '')) : null);
      const balanceOf = u => s.balances ? s.balances[u.base_url] : undefined;
      const balances = s.upstreams.some(u => balanceOf(u) !== undefined);
      const rows = s.upstreams.map((u, i) => {
        const st = stateOf(u);
        const disabled = st === 'disabled';
        return h('tr', { 'data-upstream': u.base_url, 'data-state': st, 'data-service': s.service },
          h('td', { class: 'num' }, i + 1),
          h('td', { class: 'url', title: u.base_url }, u.base_url, u.protocol ? h('span', { class: 'pill proto', 'data-protocol': u.protocol }, u.protocol) : null),
          h('td', null, h('span', { class: 'pill st-' + st, 'data-countdown': st === 'cooling_down' ? '' : null }, stateText(u, receivedAt))),
          h('td', { class: 'num' }, u.consecutive_failures),
          h('td', { class: 'num' }, fmt(u.requests)),
          balances ? h('td', { class: 'num' }, balanceOf(u) === undefined ? '' : balanceOf(u).toFixed(2)) : null,
          h('td', { class: 'err', title: u.last_error || '' }, u.last_error || ''),
          h('td', null, s.live ? h('div', { class: 'actions' },
            h('button', { class: disabled ? '' : 'danger', 'data-action': disabled ? 'enable' : 'disable', onclick: () => act(s.service, disabled ? 'enable' : 'disable', { upstream: u.base_url }) }, disabled ? 'put back' : 'take out'),
            st === 'cooling_down' || st === 'half_open' ? h('button', { 'data-action': 'clear_cooldown', onclick: () => act(s.service, 'clear_cooldown', { upstream: u.base_url }) }, 'clear cooldown') : null) : null));
      });
      const table = h('table', null,
        h('thead', null, h('tr', null, h('th', { class: 'num c-idx' }, '#'), h('th', { class: 'c-url' }, 'upstream'), h('th', { class: 'c-state' }, 'state'), h('th', { class: 'num c-fails' }, 'fails'), h('th', { class: 'num c-count' }, 'requests'), balances ? h('th', { class: 'num c-count' }, 'balance') : null, h('th', { class: 'c-err' }, 'last error'), h('th', { class: 'c-act' }))),
        h('tbody', null, rows.length ? rows : h('tr', null, h('td', { colspan: 8, class: 'empty' }, s.running ? 'no upstreams' : 'start it with: codex-helper serve --' + s.service))));
      return h('div', { class: 'card', 'data-service': s.service }, head, table, sessionMoves(s));
    }));
  }
  // A session served elsewhere than on the upstream of its last turn: its prompt cache and reasoning state stayed behind.
  const sessionMoves = s => {
    const moves = s.running && s.sessions ? s.sessions.recent_moves : [];
    if (!moves || !moves.length) return null;
    return h('div', { class: 'moves', 'data-session-moves': s.service },
      h('h3', null, `Session moves (${fmt(s.sessions.moves)} since start, newest first)`),
      h('table', null, h('tbody', null, moves.slice(0, 5).map(m => h('tr', { 'data-session-move': m.session },
        h('td', { class: 'num' }, time(m.at)),
        h('td', { title: 'session ' + m.session }, m.session),
        h('td', { class: 'url', title: `${m.from} → ${m.to}` }, `${host(m.from)} → ${host(m.to)}`),
        h('td', { class: 'why' }, m.reason))))));
  };
  function setService(state) {
    const known = services.get(state.service);
    // Upstream events carry no config list: keep the one from the last full state.
    if (known && (!state.configs || state.configs.length === 0)) state.configs = known.state.configs;
    if (known && !state.balances) state.balances = known.state.balances;
    state.configs = state.configs || [];
    services.set(state.service, { state, receivedAt: Date.now() });
  }
  async function refreshState() {
    try {
      const st = await api('api/state');
      for (const s of st.services) setService(s);
      renderServices();
    } catch (e) { /* the next poll tries again */ }
  }
  setInterval(() => { // countdowns tick between events
    for (const el of document.querySelectorAll('[data-countdown]')) {
      const row = el.closest('tr');
      const svc = services.get(row.dataset.service);
      const u = svc && svc.state.upstreams.find(x => x.base_url === row.dataset.upstream);
      if (u) el.textContent = stateText(u, svc.receivedAt);
    }
  }, 1000);

  // ---- live feed ----
  const statusClass = s => 's' + String(s)[0];
  const clientProtocol = service => service === 'claude' ? 'anthropic' : 'responses';
  function feedRow(r, fresh) {
    const chain = r.attempts && r.attempts.length > 1
      ? r.attempts.map(a => `${host(a.upstream_base_url)} ${a.status_code ?? (a.error || 'error')}`).join(' → ') : '';
    return h('tr', { 'data-id': r.id, class: fresh ? 'fresh' : null, onclick: () => inspect(r.id) },
      h('td', { class: 'num' }, time(r.ts)),
      h('td', null, r.service),
      h('td', { title: r.session_id || '' }, r.session_id ? r.session_id.slice(0, 8) : ''),
      h('td', null, r.model || ''),
      h('td', { class: 'url' }, host(r.upstream), r.upstream_protocol && r.upstream_protocol !== clientProtocol(r.service) ? h('span', { class: 'pill proto' }, r.upstream_protocol) : null,
        r.session_moved ? h('span', { class: 'pill moved', 'data-moved': '', title: 'session moved: ' + r.session_moved }, 'moved') : null),
      h('td', { class: 'num ' + statusClass(r.status), title: r.error || '' }, r.client_aborted ? `${r.status} (client left)` : r.status),
      h('td', { class: 'num' }, ms(r.ttfb_ms)),
      h('td', { class: 'num' }, ms(r.duration_ms)),
      h('td', { class: 'num' }, r.total_tokens ? `${short(r.input_tokens)} / ${short(r.output_tokens)}` : ''),
      h('td', { class: 'num' }, usd(r.cost_usd)),
      h('td', { class: 'chain' }, chain));
  }
  function addFeed(r, fresh) {
    if (feedIds.has(r.id + r.service)) return;
    feedIds.add(r.id + r.service);
    const body = document.querySelector('#feed tbody');
    body.prepend(feedRow(r, fresh));
    while (body.rows.length > MAX_FEED) body.deleteRow(-1);
  }

  // ---- inspector ----
  const section = (title, ...content) => [h('h3', null, title), ...content];
  async function inspect(id) {
    const aside = document.getElementById('inspector');
    const body = document.getElementById('inspector-body');
    aside.hidden = false;
    body.replaceChildren(h('p', { class: 'empty' }, 'loading…'));
    let d;
    try { d = await api('api/requests/' + id); } catch (e) { body.replaceChildren(h('p', { class: 'empty' }, e.message)); return; }
    const r = d.request;
    document.getElementById('inspector-title').textContent = `${r.method} ${r.path} → ${r.status}`;
    const attempts = r.attempts && r.attempts.length ? r.attempts
      : [{ upstream_base_url: r.upstream, status_code: r.status, error: r.error, duration_ms: r.duration_ms }];
    const parts = [
      h('p', { class: 'muted' }, `${new Date(r.ts).toLocaleString('en-GB')} · ${r.service} · config ${r.config || '-'} · model ${r.model || '-'} · first byte ${ms(r.ttfb_ms) || '-'} · ${ms(r.duration_ms)}`
        + (r.total_tokens ? ` · tokens ${fmt(r.input_tokens)} in / ${fmt(r.output_tokens)} out` : '') + (r.cost_usd !== undefined ? ` · ${usd(r.cost_usd)}` : '')
        + (r.upstream_protocol && r.upstream_protocol !== clientProtocol(r.service) ? ` · translated to ${r.upstream_protocol}` : '')
        + (r.session_moved ? ` · session moved here: ${r.session_moved}` : '')
        + (r.keepalives ? ` · ${fmt(r.keepalives)} keepalive${r.keepalives === 1 ? '' : 's'} while the upstream was silent` : '')),
      ...(r.translation_dropped && r.translation_dropped.length ? section('Left out by the translation', h('ul', { id: 'inspector-dropped' }, r.translation_dropped.map(t => h('li', null, t)))) : []),
      ...section('Attempts', h('table', { id: 'inspector-attempts' },
        h('thead', null, h('tr', null, h('th', null, 'upstream'), h('th', { class: 'num' }, 'status'), h('th', { class: 'num' }, 'time'), h('th', null, 'error'))),
        h('tbody', null, attempts.map(a => h('tr', null, h('td', { class: 'url' }, a.upstream_base_url || '-'), h('td', { class: 'num ' + statusClass(a.status_code ?? 0) }, a.status_code ?? '-'), h('td', { class: 'num' }, ms(a.duration_ms)), h('td', { class: 'err' }, a.error || '')))))),
    ];
    if (!d.captured) {
      parts.push(h('p', { class: 'empty' }, 'Headers and bodies are kept only for requests made while a dashboard is open.'));
    } else {
      for (const [up, text] of d.attempt_bodies) parts.push(...section('Error answer of ' + up, h('pre', null, text)));
      parts.push(...section('Request headers (keys masked)', h('table', null, h('tbody', null, d.headers.map(([k, v]) => h('tr', null, h('td', { class: 'url' }, k), h('td', { class: 'url' }, v)))))));
      parts.push(...section(`Request body as sent (${fmt(d.request_body_bytes)} bytes${d.request_body_truncated ? ', first part' : ''})`, h('pre', { id: 'inspector-request' }, pretty(d.request_body))));
      if (d.translated_body) parts.push(...section(`${r.state_cleaned ? `Body sent to the upstream, without ${r.state_cleaned} item(s) of reasoning state another upstream made` : 'Translated body sent to the upstream'} (${r.upstream_protocol})`, h('pre', { id: 'inspector-translated' }, pretty(d.translated_body))));
      parts.push(...section('Response (first part)', h('pre', { id: 'inspector-response' }, d.response_head || '')));
    }
    body.replaceChildren(...parts);
  }
  const pretty = text => { try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text || ''; } };
  document.getElementById('inspector-close').addEventListener('click', () => { document.getElementById('inspector').hidden = true; });
  document.addEventListener('keydown', e => { if (e.key === 'Escape') document.getElementById('inspector').hidden = true; });

  // ---- today ----
  const groupTable = (id, rows, label, extra) => {
    const t = document.getElementById(id);
    const cost = rows.some(r => r.cost_usd !== undefined);
    t.replaceChildren(
      h('thead', null, h('tr', null, h('th', null, label), h('th', { class: 'num' }, 'requests'), h('th', { class: 'num' }, 'errors'), h('th', { class: 'num' }, 'tokens'), cost ? h('th', { class: 'num' }, 'cost') : null, extra ? h('th', null, extra.title) : null)),
      h('tbody', null, rows.length ? rows.slice(0, 12).map(r => h('tr', null,
        h('td', { class: 'url' }, id === 'by-upstream' ? host(r.key) : r.key), h('td', { class: 'num' }, fmt(r.requests)), h('td', { class: 'num' }, fmt(r.errors)),
        h('td', { class: 'num' }, short(r.total_tokens)), cost ? h('td', { class: 'num' }, usd(r.cost_usd)) : null, extra ? h('td', null, extra.cell(r)) : null))
        : h('tr', null, h('td', { colspan: 6, class: 'empty' }, id === 'by-session' ? 'no session ids in the log yet' : 'nothing yet today'))));
  };
  function renderChart(hours) {
    const svg = document.getElementById('chart');
    const ns = 'http://www.w3.org/2000/svg';
    const max = Math.max(1, ...hours.map(x => x.total_tokens));
    const nowHour = new Date().getHours();
    const w = 720 / 24;
    svg.replaceChildren();
    hours.forEach((x, i) => {
      const bh = Math.round((x.total_tokens / max) * 128);
      const rect = document.createElementNS(ns, 'rect');
      Object.entries({ x: i * w + 3, y: 140 - bh, width: w - 6, height: Math.max(bh, x.requests ? 2 : 0), rx: 2, class: i === nowHour ? 'bar now' : 'bar' })
        .forEach(([k, v]) => rect.setAttribute(k, v));
      const tip = document.createElementNS(ns, 'title');
      tip.textContent = `${x.key}:00 · ${fmt(x.requests)} requests · ${fmt(x.total_tokens)} tokens` + (x.cost_usd !== undefined ? ` · ${usd(x.cost_usd)}` : '');
      rect.append(tip);
      svg.append(rect);
      if (i % 3 === 0) {
        const t = document.createElementNS(ns, 'text');
        t.setAttribute('x', i * w + 3); t.setAttribute('y', 155); t.textContent = x.key + ':00';
        svg.append(t);
      }
    });
  }
  async function refreshToday() {
    let t;
    try { t = await api('api/today'); } catch { return; }
    document.getElementById('today-since').textContent = 'since ' + new Date(t.since_ms).toLocaleString('en-GB');
    const tot = t.total;
    document.getElementById('tiles').replaceChildren(
      ...[['requests', fmt(tot.requests)], ['tokens', short(tot.total_tokens)], ['in / out', `${short(tot.input_tokens)} / ${short(tot.output_tokens)}`], ['errors', fmt(tot.errors)], ['cost', tot.cost_usd !== undefined ? usd(tot.cost_usd) : '–']]
        .map(([k, v]) => h('div', { class: 'tile', 'data-tile': k }, h('b', null, v), h('span', null, k))));
    renderChart(t.hours);
    groupTable('by-model', t.by_model, 'model');
    groupTable('by-upstream', t.by_upstream, 'upstream');
    groupTable('by-session', t.by_session, 'session', { title: 'resume', cell: r => r.resume ? h('code', null, r.resume) : '' });
    const s = document.getElementById('sessions');
    s.replaceChildren(
      h('thead', null, h('tr', null, h('th', null, 'client'), h('th', null, 'last activity'), h('th', null, 'title'), h('th', null, 'directory'), h('th', { class: 'num' }, 'turns'), h('th', null, 'resume'))),
      h('tbody', null, t.sessions.length ? t.sessions.map(x => h('tr', null, h('td', null, x.client), h('td', { class: 'num' }, new Date(x.last_activity).toLocaleString('en-GB')), h('td', null, x.title), h('td', { class: 'url' }, x.cwd || ''), h('td', { class: 'num' }, x.turns), h('td', null, h('code', null, x.resume))))
        : h('tr', null, h('td', { colspan: 6, class: 'empty' }, 'no sessions found'))));
  }
  let todayTimer = null;
  const todaySoon = () => { if (!todayTimer) todayTimer = setTimeout(() => { todayTimer = null; refreshToday(); }, 3000); };

  // ---- the event stream ----
  function connect() {
    const conn = document.getElementById('conn');
    const es = new EventSource(base + 'events?token=' + encodeURIComponent(token));
    es.addEventListener('open', () => { conn.textContent = 'live'; conn.className = 'conn on'; });
    es.addEventListener('error', () => { conn.textContent = 'reconnecting…'; conn.className = 'conn off'; });
    es.addEventListener('state', e => {
      const st = JSON.parse(e.data);
      for (const s of st.services) setService(s);
      renderServices();
      for (const r of st.recent) addFeed(r, false);
    });
    es.addEventListener('upstreams', e => { setService(JSON.parse(e.data)); renderServices(); });
    es.addEventListener('request', e => { addFeed(JSON.parse(e.data), true); todaySoon(); });
    es.addEventListener('dropped', e => {
      const d = JSON.parse(e.data);
      const el = document.getElementById('dropped');
      el.hidden = false;
      el.textContent = `${fmt(d.dropped)} updates skipped (more than the feed shows, or this tab was busy); totals stay right`;
      refreshState();
    });
  }

  document.title = `codex-helper · ${self}`;
  connect();
  refreshToday();
  // #request-N opens the inspector on that request (a link to share between two tabs, and for screenshots).
  const deepLink = location.hash.match(/^#request-(\d+)$/);
  if (deepLink) setTimeout(() => inspect(Number(deepLink[1])), 300);
  setInterval(refreshState, 5000); // the other service is polled; this one is live
  setInterval(refreshToday, 30000);
})();
