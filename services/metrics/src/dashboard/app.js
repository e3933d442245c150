/* global document, window, location, EventSource, fetch, URLSearchParams, uPlot */
// The dashboard page: reads summaries from /api/stream (Server-Sent Events; polling
// /api/summary where EventSource is missing) and redraws tiles, charts and tables in place.
"use strict";

(function () {
  const COLORS = {
    confirmed: "#2a9d8f",
    failed: "#e63946",
    rejected: "#f4a261",
    p50: "#2a9d8f",
    p95: "#e9c46a",
    p99: "#e63946",
    lamports: "#6a4c93",
  };
  const params = new URLSearchParams(location.search);
  const minutes = Math.min(15, Math.max(1, Number(params.get("minutes")) || 5));
  const charts = {};
  const state = { updates: 0, last: null, colors: COLORS };
  window.podDashboard = state;

  const formats = {
    count: (v) => (v === null || v === undefined ? "-" : String(Math.round(v))),
    rate: (v) => (v === null || v === undefined ? "-" : v.toFixed(2)),
    ms: (v) =>
      v === null || v === undefined ? "-" : v < 10 ? v.toFixed(1) : String(Math.round(v)),
    amount: (v) =>
      v === null || v === undefined ? "-" : v >= 100 ? String(Math.round(v)) : v.toFixed(1),
  };

  /** Axis numbers short enough for the axis: 950, 2.5k, 1.2M. */
  function compact(v) {
    const trim = (x) => String(Number(x.toFixed(1)));
    if (Math.abs(v) >= 1e6) return `${trim(v / 1e6)}M`;
    if (Math.abs(v) >= 1e4) return `${trim(v / 1e3)}k`;
    return trim(v);
  }

  /** Tick labels: "16:17" on the minute, ":30" between, as short as a chart needs. */
  function clock(seconds) {
    const d = new Date(seconds * 1000);
    const two = (n) => String(n).padStart(2, "0");
    return d.getSeconds() === 0
      ? `${two(d.getHours())}:${two(d.getMinutes())}`
      : `:${two(d.getSeconds())}`;
  }

  function at(obj, path) {
    return path
      .split(".")
      .reduce((o, k) => (o === null || o === undefined ? undefined : o[k]), obj);
  }

  function setText(el, text) {
    if (el.textContent !== text) el.textContent = text;
  }

  function renderFields(summary) {
    for (const el of document.querySelectorAll("[data-field]")) {
      const format = formats[el.dataset.format] || formats.count;
      setText(el, format(at(summary, el.dataset.field)));
    }
    const lag = summary.lag.consumers.reduce((n, c) => n + c.lag, 0);
    setText(
      document.getElementById("lag-total"),
      summary.lag.polledAt === null ? "-" : String(lag),
    );
    setText(document.getElementById("updated"), new Date(summary.generatedAt).toLocaleTimeString());
  }

  function rows(tableId, cells) {
    const body = document.querySelector(`#${tableId} tbody`);
    body.replaceChildren(
      ...cells.map((row) => {
        const tr = document.createElement("tr");
        for (const cell of row) {
          const td = document.createElement("td");
          td.textContent = cell;
          tr.append(td);
        }
        return tr;
      }),
    );
  }

  function renderTables(summary) {
    const w5 = summary.windows["5m"].latencyMs;
    const stage = (name, p) => [
      name,
      String(p.count),
      formats.ms(p.p50),
      formats.ms(p.p95),
      formats.ms(p.p99),
    ];
    rows("stages", [
      stage("publish\u2192confirmed", w5.publishToConfirmed),
      stage("accepted", w5.stages.accepted),
      stage("content stored", w5.stages.content_stored),
      stage("confirmed", w5.stages.confirmed),
      stage("confirmed\u2192delivered", w5.confirmedToDelivered),
    ]);
    const w15 = summary.windows["15m"];
    rows("rejections", [
      ...Object.entries(w15.rejected.byCode).map(([code, n]) => ["rejected", code, String(n)]),
      ...Object.entries(w15.failed.byCode).map(([code, n]) => ["failed", code, String(n)]),
    ]);
    rows(
      "lag",
      summary.lag.consumers.map((c) => [
        c.durable,
        c.stream,
        String(c.pending),
        String(c.ackPending),
        String(c.lag),
      ]),
    );
  }

  function chart(id, series, values) {
    const el = document.getElementById(id);
    if (!charts[id]) {
      const opts = {
        width: Math.max(300, el.clientWidth),
        height: 220,
        legend: { show: true },
        // From zero: a rate or a latency read against its own tiny range misleads.
        scales: {
          x: { time: true },
          y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.15 : 1] },
        },
        axes: [
          { space: 50, values: (_u, ticks) => ticks.map((t) => clock(t)) },
          { size: 60, values: (_u, ticks) => ticks.map((v) => compact(v)) },
        ],
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: 2,
            points: { show: s.points, size: 8, fill: s.color },
          })),
        ],
      };
      charts[id] = new uPlot(opts, values, el);
    } else {
      charts[id].setData(values);
    }
  }

  function renderCharts(summary) {
    const s = summary.series;
    const keep = Math.min(s.t.length, Math.round((minutes * 60_000) / s.stepMs));
    const tail = (xs) => xs.slice(xs.length - keep);
    const x = tail(s.t).map((t) => t / 1000);
    chart(
      "chart-throughput",
      [{ label: "confirmed/s", color: COLORS.confirmed }],
      [x, tail(s.confirmedPerSec)],
    );
    chart(
      "chart-latency",
      [
        { label: "p50", color: COLORS.p50, points: true },
        { label: "p95", color: COLORS.p95, points: true },
        { label: "p99", color: COLORS.p99, points: true },
      ],
      [
        x,
        tail(s.publishToConfirmedP50),
        tail(s.publishToConfirmedP95),
        tail(s.publishToConfirmedP99),
      ],
    );
    chart(
      "chart-errors",
      [
        { label: "rejected/s", color: COLORS.rejected },
        { label: "failed/s", color: COLORS.failed },
      ],
      [x, tail(s.rejectedPerSec), tail(s.failedPerSec)],
    );
    chart(
      "chart-cost",
      [{ label: "lamports/message", color: COLORS.lamports, points: true }],
      [x, tail(s.lamportsPerMessage)],
    );
  }

  function render(summary) {
    state.last = summary;
    renderFields(summary);
    renderTables(summary);
    renderCharts(summary);
    state.updates += 1;
    document.body.dataset.generatedAt = String(summary.generatedAt);
  }

  function status(text, cls) {
    const el = document.getElementById("status");
    el.textContent = text;
    el.className = `status ${cls}`;
  }

  function poll() {
    fetch("/api/summary")
      .then((r) => r.json())
      .then((s) => {
        status("live", "live");
        render(s);
      })
      .catch(() => status("unreachable", "down"))
      .finally(() => window.setTimeout(poll, 2000));
  }

  if (typeof EventSource === "undefined") return poll();
  const source = new EventSource("/api/stream");
  source.addEventListener("summary", (event) => {
    status("live", "live");
    render(JSON.parse(event.data));
  });
  source.addEventListener("error", () => status("reconnecting", "down"));
})();
