// InkFlow order-flow dashboard. Plain browser JavaScript, no build step, no CDN: Chart.js is served by the
// dispatcher from its WebJar. Every value from the server is written with textContent, never as HTML.
(() => {
  'use strict';

  const TOKEN_KEY = 'inkflow.dashboard.token';
  const STATES = ['PENDING', 'BACKORDERED', 'CHARGED', 'SHIPPED', 'PAYMENT_FAILED', 'CANCELLED', 'FORWARDED'];
  const STATE_LABELS = {
    PENDING: 'Pending', BACKORDERED: 'Backordered', CHARGED: 'Charged', SHIPPED: 'Shipped',
    PAYMENT_FAILED: 'Payment failed', CANCELLED: 'Cancelled', FORWARDED: 'Forwarded to Amazon'
  };
  const STATE_COLOURS = {
    PENDING: '#6b7a90', BACKORDERED: '#d98c00', CHARGED: '#2f6fbd', SHIPPED: '#2e9b5f',
    PAYMENT_FAILED: '#c8372d', CANCELLED: '#9a9a9a', FORWARDED: '#7b4fb3'
  };
  const $ = (id) => document.getElementById(id);
  const number = new Intl.NumberFormat();
  const money = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' });
  const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  const clockSeconds = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const date = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

  let role = null;
  let source = null;
  let reconnectDelay = 1000;
  let reconnectTimer = null;
  let flowChart = null;
  let telemetryChart = null;
  let choicesLoaded = false;

  // ---- session ------------------------------------------------------------------------------
  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  function showSignIn(message) {
    disconnect();
    role = null;
    $('board').hidden = true;
    $('filters').hidden = true;
    $('signin').hidden = false;
    $('role').hidden = true;
    $('sign-out').hidden = true;
    $('signin-message').textContent = message || '';
    setConnection('offline', 'offline');
  }

  function showBoard() {
    $('signin').hidden = true;
    $('board').hidden = false;
    $('filters').hidden = false;
    $('sign-out').hidden = false;
    $('role').hidden = false;
    $('role').textContent = role === 'ADMIN' ? 'admin' : 'fulfilment';
  }

  function authHeaders(extra) {
    return Object.assign({ Authorization: 'Bearer ' + token() }, extra || {});
  }

  async function problemText(response) {
    try {
      const body = await response.json();
      return body.detail || body.title || ('HTTP ' + response.status);
    } catch (e) {
      return 'HTTP ' + response.status;
    }
  }

  // ---- live stream --------------------------------------------------------------------------
  function filterParams() {
    const params = new URLSearchParams();
    if ($('filter-series').value) params.set('series', $('filter-series').value);
    if ($('filter-model').value) params.set('model', $('filter-model').value);
    return params;
  }

  async function connect() {
    disconnect();
    if (!token()) { showSignIn(''); return; }
    let response;
    try {
      response = await fetch('/dashboard/api/ticket', { method: 'POST', headers: authHeaders() });
    } catch (e) {
      setConnection('offline', 'dispatcher unreachable');
      scheduleReconnect();
      return;
    }
    if (response.status === 401 || response.status === 403) {
      const text = await problemText(response);
      sessionStorage.removeItem(TOKEN_KEY);
      showSignIn(text);
      return;
    }
    if (!response.ok) {
      setConnection('offline', 'error ' + response.status);
      scheduleReconnect();
      return;
    }
    const ticket = await response.json();
    role = ticket.role;
    showBoard();
    const params = filterParams();
    params.set('ticket', ticket.ticket);
    source = new EventSource('/dashboard/stream?' + params.toString());
    source.addEventListener('open', () => { reconnectDelay = 1000; setConnection('live', 'live'); });
    source.addEventListener('snapshot', (event) => {
      $('banner').hidden = true;
      render(JSON.parse(event.data));
    });
    source.addEventListener('problem', (event) => {
      const problem = JSON.parse(event.data);
      showBanner(problem.title + ': ' + problem.detail + ' Showing the last figures received.');
      setConnection('stale', 'stale');
    });
    source.addEventListener('reauth', () => { connect(); });
    source.addEventListener('error', () => {
      // A ticket works once, so the browser's own reconnect cannot succeed: fetch a new ticket instead.
      if (source && source.readyState !== EventSource.OPEN) {
        setConnection('offline', 'reconnecting');
        disconnect();
        scheduleReconnect();
      }
    });
  }

  function disconnect() {
    if (reconnectTimer) { clearTimeout(reconnectTimer); reconnectTimer = null; }
    if (source) { source.close(); source = null; }
  }

  function scheduleReconnect() {
    reconnectTimer = setTimeout(connect, reconnectDelay);
    reconnectDelay = Math.min(reconnectDelay * 2, 30000);
  }

  function setConnection(kind, text) {
    const el = $('connection');
    el.className = 'connection ' + kind;
    el.textContent = text;
  }

  function showBanner(text) {
    $('banner').textContent = text;
    $('banner').hidden = false;
  }

  // ---- rendering ----------------------------------------------------------------------------
  function render(s) {
    loadChoices(s.choices, s.filter);
    for (const state of STATES) {
      const tile = $('kpi-' + state);
      tile.querySelector('.rate').textContent = number.format(s.lastMinuteByState[state] || 0);
      tile.querySelector('.count').textContent = number.format(s.totalsByState[state] || 0);
    }
    renderFlowChart(s);
    renderBackorders(s.backorders);
    actionTable('failed-charges', s.failedCharges, (c) => c.orderId, (c) => [
      c.orderId, c.accountId, c.sku, c.amountCents == null ? '' : money.format(c.amountCents / 100),
      c.reason || '', time(c.failedAt)], (c) => ({
      label: 'Retry payment', cls: 'retry-payment', path: '/api/v1/orders/' + encodeURIComponent(c.orderId) + '/retry-payment',
      done: () => 'Payment of order ' + c.orderId + ' will be charged again.'
    }));
    actionTable('parked', s.attention.parked, (p) => p.orderId, (p) => [
      p.orderId, p.serial, p.sku, { text: STATE_LABELS[p.state] || p.state, cls: 'state state-' + p.state },
      p.parkReason.replaceAll('_', ' ').toLowerCase(), p.detail || '', time(p.parkedAt)], (p) => ({
      label: 'Release', cls: 'release', path: '/api/v1/orders/' + encodeURIComponent(p.orderId) + '/release',
      done: () => 'Order ' + p.orderId + ' released for another try.'
    }));
    actionTable('backordered', s.attention.backordered, (o) => o.orderId, (o) => [
      o.orderId, o.serial, o.sku, o.accountId, time(o.createdAt)], (o) => ({
      label: 'Cancel', cls: 'cancel', confirm: 'Confirm cancel',
      path: '/api/v1/orders/' + encodeURIComponent(o.orderId) + '/cancel', body: { reason: 'cancelled on the customer\'s request' },
      done: () => 'Order ' + o.orderId + ' cancelled; the customer is told.'
    }));
    actionTable('cancellation-requests', s.attention.cancellationRequests, (r) => r.requestId, (r) => [
      r.orderId, r.sku, r.accountId, { text: STATE_LABELS[r.orderState] || r.orderState, cls: 'state state-' + r.orderState },
      r.reason || '', time(r.requestedAt)], (r) => [decision(r, 'APPROVE'), decision(r, 'DECLINE')]);
    actionTable('dead-letters', s.attention.deadLetters, (d) => String(d.id), (d) => [
      String(d.id), d.topic, number.format(d.offset), d.reason.replaceAll('_', ' ').toLowerCase(), d.detail,
      time(d.createdAt), number.format(d.replayAttempts)], (d) => ({
      label: 'Replay', cls: 'replay', path: '/api/v1/dead-letters/' + d.id + '/replay',
      done: (r) => r.status === 'REPLAYED' ? 'Dead letter ' + d.id + ' replayed: the record is stored now.'
          : 'Dead letter ' + d.id + ' refused again (' + r.reason + '): ' + r.detail
    }));
    fillTable('recent-orders', s.recentOrders, (o) => [
      o.orderId, o.serial, o.model, o.sku, o.reason || '', { text: STATE_LABELS[o.state] || o.state, cls: 'state state-' + o.state },
      o.amountCents == null ? '' : money.format(o.amountCents / 100), o.trackingNumber || '',
      o.deliveryEstimate ? date.format(new Date(o.deliveryEstimate + 'T12:00:00')) : '', time(o.updatedAt)]);
    $('quiet-printers-count').textContent = number.format(s.quietPrinters.count);
    fillTable('quiet-printers', s.quietPrinters.printers, (p) => [
      p.serial, p.model, p.accountId, time(p.lastReportAt), time(p.noticedAt)]);
    renderTelemetry(s);
    $('low-ink-hour').textContent = number.format(s.lowInk.lastHour);
    fillTable('low-ink', s.lowInk.recent, (l) => [
      l.serial, l.model || '', l.slot || '', l.sku || '', l.remainingPercent == null ? '' : l.remainingPercent + '%',
      time(l.occurredAt)]);
    $('updated').textContent = 'Updated ' + clockSeconds.format(new Date(s.generatedAt))
        + (s.filter.series || s.filter.model ? ' · filtered' : '');
    if (source && source.readyState === EventSource.OPEN) setConnection('live', 'live');
  }

  // Approving cancels the order (and says so to the customer), so it asks for a second click like Cancel.
  function decision(request, verdict) {
    const approve = verdict === 'APPROVE';
    return {
      label: approve ? 'Approve' : 'Decline', cls: approve ? 'approve' : 'decline',
      confirm: approve ? 'Confirm approve' : null,
      path: '/api/v1/cancellation-requests/' + encodeURIComponent(request.requestId) + '/decision',
      body: { decision: verdict },
      done: (r) => 'Request to cancel order ' + request.orderId + ' ' + r.status.toLowerCase()
          + (approve ? ': the order is cancelled.' : ': the order goes on.')
    };
  }

  function time(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    const today = new Date().toDateString() === d.toDateString();
    return today ? clock.format(d) : date.format(d) + ' ' + clock.format(d);
  }

  function fillTable(id, rows, cells) {
    const body = $(id).querySelector('tbody');
    const fresh = document.createDocumentFragment();
    for (const row of rows) {
      const tr = document.createElement('tr');
      for (const cell of cells(row)) {
        const td = document.createElement('td');
        if (cell !== null && typeof cell === 'object') {
          const span = document.createElement('span');
          span.className = cell.cls;
          span.textContent = cell.text;
          td.appendChild(span);
        } else {
          td.textContent = cell;
        }
        tr.appendChild(td);
      }
      fresh.appendChild(tr);
    }
    body.replaceChildren(fresh);
    $(id + '-empty').hidden = rows.length > 0;
    $(id).hidden = rows.length === 0;
  }

  // Rows are kept per SKU so a quantity being typed survives the next push.
  function renderBackorders(backorders) {
    const body = $('backorders').querySelector('tbody');
    const existing = new Map([...body.querySelectorAll('tr')].map((tr) => [tr.dataset.sku, tr]));
    const ordered = [];
    for (const b of backorders) {
      let tr = existing.get(b.sku);
      if (!tr) tr = backorderRow(b.sku);
      existing.delete(b.sku);
      tr.querySelector('.sku').textContent = b.sku;
      tr.querySelector('.waiting').textContent = number.format(b.waiting);
      tr.querySelector('.oldest').textContent = time(b.oldestCreatedAt);
      tr.querySelector('.on-hand').textContent = number.format(b.onHand);
      ordered.push(tr);
    }
    existing.forEach((tr) => tr.remove());
    ordered.forEach((tr) => body.appendChild(tr));
    $('backorders-empty').hidden = backorders.length > 0;
    $('backorders').hidden = backorders.length === 0;
  }

  function backorderRow(sku) {
    const tr = document.createElement('tr');
    tr.dataset.sku = sku;
    for (const cls of ['sku', 'waiting num', 'oldest', 'on-hand num']) {
      const td = document.createElement('td');
      td.className = cls;
      tr.appendChild(td);
    }
    const cell = document.createElement('td');
    cell.className = 'restock-cell';
    const qty = document.createElement('input');
    qty.type = 'number';
    qty.min = '1';
    qty.max = '100000';
    qty.value = '10';
    qty.className = 'restock-qty';
    qty.setAttribute('aria-label', 'Units to add to ' + sku);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'restock';
    button.textContent = 'Restock';
    button.addEventListener('click', () => restock(sku, qty, button));
    cell.append(qty, button);
    tr.appendChild(cell);
    return tr;
  }

  async function restock(sku, qtyInput, button) {
    const quantity = Number(qtyInput.value);
    if (!Number.isInteger(quantity) || quantity < 1) {
      $('restock-message').textContent = 'Enter a whole number of units.';
      return;
    }
    button.disabled = true;
    try {
      const outcome = await post('/api/v1/inventory/' + encodeURIComponent(sku) + '/restock', { quantity });
      if (outcome.ok) {
        const r = outcome.body;
        $('restock-message').textContent = 'Restocked ' + r.sku + ': released ' + number.format(r.released)
            + ' backorder' + (r.released === 1 ? '' : 's') + ', ' + number.format(r.onHand) + ' on hand.';
      } else {
        $('restock-message').textContent = 'Restock of ' + sku + ' ' + outcome.text;
      }
    } finally {
      button.disabled = false;
    }
  }

  // ---- actions ------------------------------------------------------------------------------
  // Every action is a POST to the HTTP API with an Idempotency-Key made once per click: when the answer is
  // lost the same key is sent again, and the API answers the first result instead of acting twice.
  async function post(path, body) {
    const key = idempotencyKey();
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await fetch(path, {
          method: 'POST',
          headers: authHeaders({ 'Content-Type': 'application/json', 'Idempotency-Key': key }),
          body: JSON.stringify(body || {})
        });
        if (response.ok) return { ok: true, body: await response.json() };
        if (response.status === 409 && response.headers.get('Retry-After') && attempt < 5) {
          await new Promise((resolve) => setTimeout(resolve, 1000)); // the same request is still running
          continue;
        }
        return { ok: false, text: 'refused: ' + await problemText(response) };
      } catch (e) {
        if (attempt >= 3) return { ok: false, text: 'not confirmed: the dispatcher is unreachable.' };
        await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
      }
    }
  }

  // Rows are kept per key, so a button being clicked is not replaced by the next push.
  function actionTable(id, rows, keyOf, cells, actionOf) {
    const body = $(id).querySelector('tbody');
    const existing = new Map([...body.querySelectorAll('tr')].map((tr) => [tr.dataset.key, tr]));
    const ordered = [];
    for (const row of rows) {
      const key = keyOf(row);
      let tr = existing.get(key);
      existing.delete(key);
      const values = cells(row);
      if (!tr) {
        tr = document.createElement('tr');
        tr.dataset.key = key;
        values.forEach(() => tr.appendChild(document.createElement('td')));
        const cell = document.createElement('td');
        for (const action of [].concat(actionOf(row))) cell.appendChild(actionButton(action));
        tr.appendChild(cell);
      }
      values.forEach((value, i) => setCell(tr.children[i], value));
      ordered.push(tr);
    }
    existing.forEach((tr) => tr.remove());
    ordered.forEach((tr) => body.appendChild(tr));
    $(id + '-empty').hidden = rows.length > 0;
    $(id).hidden = rows.length === 0;
  }

  function setCell(td, value) {
    if (value !== null && typeof value === 'object') {
      const span = document.createElement('span');
      span.className = value.cls;
      span.textContent = value.text;
      td.replaceChildren(span);
    } else if (td.textContent !== value) {
      td.textContent = value;
    }
  }

  function actionButton(action) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'action ' + action.cls;
    button.textContent = action.label;
    button.addEventListener('click', async () => {
      if (action.confirm && button.dataset.armed !== 'true') {
        button.dataset.armed = 'true';
        button.textContent = action.confirm;
        return;
      }
      button.disabled = true;
      $('action-message').textContent = '';
      const outcome = await post(action.path, action.body);
      $('action-message').textContent = outcome.ok ? action.done(outcome.body) : action.label + ' ' + outcome.text;
      button.disabled = false;
      button.dataset.armed = 'false';
      button.textContent = action.label;
    });
    return button;
  }

  // crypto.randomUUID needs a secure context; the page may be opened over plain http on a LAN.
  function idempotencyKey() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return 'dash-' + [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  }

  function minuteLabels(s) { return s.minuteStarts.map((m) => clock.format(new Date(m))); }

  function renderFlowChart(s) {
    if (!window.Chart) return;
    const labels = minuteLabels(s);
    const datasets = STATES.map((state) => ({
      label: STATE_LABELS[state], data: s.flowByState[state], backgroundColor: STATE_COLOURS[state],
      borderWidth: 0, stack: 'flow'
    }));
    if (!flowChart) {
      flowChart = new Chart($('flow-chart'), {
        type: 'bar',
        data: { labels, datasets },
        options: {
          animation: false, responsive: true, maintainAspectRatio: false,
          scales: { x: { stacked: true, ticks: { maxTicksLimit: 12 } }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
          plugins: { legend: { position: 'bottom' } }
        }
      });
    } else {
      flowChart.data.labels = labels;
      flowChart.data.datasets.forEach((d, i) => { d.data = datasets[i].data; });
      flowChart.update('none');
    }
  }

  function renderTelemetry(s) {
    const t = s.telemetry;
    $('telemetry-rate').textContent = t.connected ? t.reportsPerSecond.toFixed(1) : '—';
    $('telemetry-hour').textContent = number.format(t.reportsLastHour);
    const rejected = Object.values(t.rejectionsByReason).reduce((a, b) => a + b, 0);
    $('rejections-hour').textContent = number.format(rejected);
    const reasons = Object.entries(t.rejectionsByReason).sort((a, b) => b[1] - a[1]);
    fillTable('rejections', reasons, ([reason, count]) => [reason.replaceAll('_', ' ').toLowerCase(), number.format(count)]);
    if (!t.connected) showBanner('Telemetry figures unavailable: the dispatcher cannot reach Kafka.');
    if (!window.Chart) return;
    const labels = minuteLabels(s);
    if (!telemetryChart) {
      telemetryChart = new Chart($('telemetry-chart'), {
        type: 'bar',
        data: {
          labels,
          datasets: [
            { label: 'Reports', data: t.reportsPerMinute, backgroundColor: '#2f6fbd', yAxisID: 'y' },
            { label: 'Rejected', data: t.rejectionsPerMinute, type: 'line', borderColor: '#c8372d',
              backgroundColor: '#c8372d', pointRadius: 0, yAxisID: 'y1' }
          ]
        },
        options: {
          animation: false, responsive: true, maintainAspectRatio: false,
          scales: {
            x: { ticks: { maxTicksLimit: 6 } },
            y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'reports/min' } },
            y1: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false }, ticks: { precision: 0 },
              title: { display: true, text: 'rejected/min' } }
          },
          plugins: { legend: { position: 'bottom' } }
        }
      });
    } else {
      telemetryChart.data.labels = labels;
      telemetryChart.data.datasets[0].data = t.reportsPerMinute;
      telemetryChart.data.datasets[1].data = t.rejectionsPerMinute;
      telemetryChart.update('none');
    }
  }

  // ---- filters ------------------------------------------------------------------------------
  function loadChoices(choices, filter) {
    if (choicesLoaded) return;
    choicesLoaded = true;
    $('filter-series').options.length = 1;
    $('filter-model').options.length = 1;
    for (const series of choices.series) {
      $('filter-series').appendChild(new Option(series, series));
    }
    for (const m of choices.models) {
      const option = new Option(m.displayName || m.model, m.model);
      option.dataset.series = m.series;
      $('filter-model').appendChild(option);
    }
    $('filter-series').value = filter.series || '';
    $('filter-model').value = filter.model || '';
    narrowModels();
  }

  function narrowModels() {
    const series = $('filter-series').value;
    for (const option of $('filter-model').options) {
      if (option.value) option.hidden = !!series && option.dataset.series !== series;
    }
    const selected = $('filter-model').selectedOptions[0];
    if (selected && selected.hidden) $('filter-model').value = '';
  }

  function applyFilter() {
    narrowModels();
    const params = filterParams();
    history.replaceState(null, '', '/dashboard' + (params.toString() ? '?' + params : ''));
    reconnectDelay = 1000;
    connect();
  }

  // ---- start --------------------------------------------------------------------------------
  document.addEventListener('DOMContentLoaded', () => {
    const initial = new URLSearchParams(location.search);
    // Options arrive with the first snapshot; until then keep the URL's filter as the only option.
    for (const [id, name] of [['filter-series', 'series'], ['filter-model', 'model']]) {
      const value = initial.get(name);
      if (value) { $(id).appendChild(new Option(value, value)); $(id).value = value; }
    }
    $('signin-form').addEventListener('submit', (event) => {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
      $('token').value = '';
      connect();
    });
    $('sign-out').addEventListener('click', () => {
      sessionStorage.removeItem(TOKEN_KEY);
      showSignIn('Signed out.');
    });
    $('filter-series').addEventListener('change', applyFilter);
    $('filter-model').addEventListener('change', applyFilter);
    if (token()) connect(); else showSignIn('');
  });
})();
