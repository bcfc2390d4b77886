// Renders the collected results as Markdown: the targets (ratios) first, then the absolute
// figures of every scenario, with the machine they were measured on.
import { round } from './lib/stats.mjs';

const fmt = (value, digits = 2) =>
  typeof value === 'number' && Number.isFinite(value)
    ? round(value, digits).toLocaleString('en-US', { maximumFractionDigits: digits })
    : String(value);

const spread = (s, digits = 2, scale = 1) =>
  `${fmt(s.median * scale, digits)} (${fmt(s.min * scale, digits)}–${fmt(s.max * scale, digits)})`;

function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function machineSection(machine) {
  return [
    `- Node ${machine.node} on ${machine.platform} (${machine.arch}), ${machine.cpuModel}, ${machine.cores} cores, ${fmt(machine.memoryGiB, 1)} GiB RAM`,
    `- Load average (1 min) at start ${fmt(machine.loadStart, 2)}, at end ${fmt(machine.loadEnd, 2)}: other work ran on this machine during the run, so absolute figures are noisy; ratios compare clients measured interleaved, run by run, in the same run.`,
    `- ${machine.date}, commit ${machine.commit}${machine.dirty ? ' (with uncommitted changes)' : ''}, mode: ${machine.quick ? '**quick** (small sizes, 1–2 runs: smoke test, not for conclusions)' : 'full'}`,
  ].join('\n');
}

function targetsSection(scenarios) {
  const rows = [];
  const order = Object.keys(sections);
  const byNumber = [...scenarios].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  for (const scenario of byNumber) {
    if (scenario.error) {
      rows.push([scenario.name, '**CRASHED**', '', '', `\`${scenario.error.split('\n')[0]}\``]);
      continue;
    }
    for (const t of scenario.targets ?? []) {
      rows.push([
        scenario.name,
        t.label,
        `**${fmt(t.value, 3)} ${t.unit}**`,
        t.target,
        `${t.met === undefined ? 'reported' : t.met ? 'met' : '**MISSED**'} — ${t.detail ?? ''}`,
      ]);
    }
  }
  return table(['scenario', 'measure', 'value', 'target', 'status'], rows);
}

function bookkeepingSection(r) {
  const out = [];
  const sizes = r.perN.ours.map((row) => row.n);
  const cell = (rows, n) => {
    const row = rows.find((x) => x.n === n);
    return row ? fmt(row.perTurnUs.median, 2) : 'not run';
  };
  out.push(
    table(
      [
        'N turns',
        'limit µs/turn',
        'limit + awaited transport µs/turn',
        'ours AsyncChat µs/turn',
        'ours Chat (sync) µs/turn',
        '@google/genai µs/turn',
        'ours − limit µs/turn',
      ],
      sizes.map((n) => [
        fmt(n, 0),
        cell(r.perN.limit, n),
        r.perN.limitAsync ? cell(r.perN.limitAsync, n) : '',
        cell(r.perN.ours, n),
        cell(r.perN.oursSync, n),
        cell(r.perN.genai, n),
        fmt(r.bookkeeping.find((b) => b.n === n).bookkeepingUs, 2),
      ]),
    ),
  );
  const extra = r.perN.genai.filter((row) => !sizes.includes(row.n));
  if (extra.length > 0) {
    out.push(
      '',
      `@google/genai also at ${extra.map((row) => `N=${fmt(row.n, 0)}: ${fmt(row.perTurnUs.median, 1)} µs/turn`).join(', ')}.`,
    );
  }
  const a = r.at2000;
  out.push(
    '',
    `A conversation of ${fmt(a.n, 0)} turns (several back to back per run), ms per conversation, median (min–max):`,
    '',
    table(
      ['client', 'total ms', 'vs limit'],
      ['limit', 'limitAsync', 'ours', 'oursSync', 'genai']
        .filter((k) => a[k])
        .map((k) => [
          {
            limit: 'limit',
            limitAsync: 'limit + awaited transport',
            ours: 'ours AsyncChat',
            oursSync: 'ours Chat (sync)',
            genai: '@google/genai',
          }[k],
          spread(a[k].totalMs, 1),
          `${fmt(a[k].totalMs.median / a.limit.totalMs.median, 1)}x`,
        ]),
    ),
  );
  return out.join('\n');
}

function streamingSection(r) {
  const out = [];
  for (const [format, data] of Object.entries(r.formats)) {
    out.push(
      `**${format}** (${fmt(r.events, 0)} events)`,
      '',
      table(
        ['client', 'vs limit', 'events/s median (min–max)', 'ms per stream', 'CPU ms per stream'],
        data.rows.map((row) => [
          row.kind === 'ours' ? `**${row.name}**` : row.name,
          `${fmt(row.vsLimit, 2)}x`,
          spread(row.eventsPerSecond, 0),
          fmt(row.ms.median, 1),
          row.cpuMs ? fmt(row.cpuMs.median, 1) : '',
        ]),
      ),
      '',
    );
  }
  return out.join('\n');
}

function ttfcSection(r) {
  const out = [];
  for (const [format, data] of Object.entries(r.formats)) {
    out.push(
      `**${format}**`,
      '',
      table(
        ['client', 'overhead vs raw fetch, ms', 'time to first chunk ms, median (q1–q3)'],
        data.rows.map((row) => [
          row.kind === 'ours' ? `**${row.name}**` : row.name,
          fmt(row.overheadMs, 3),
          `${fmt(row.ms.median, 3)} (${fmt(row.ms.q1, 3)}–${fmt(row.ms.q3, 3)})`,
        ]),
      ),
      '',
    );
  }
  return out.join('\n');
}

function bridgeSection(r) {
  const row = (label, x) => [
    label,
    `${fmt(x.sync.median, 3)} (${fmt(x.sync.q1, 3)}–${fmt(x.sync.q3, 3)})`,
    `${fmt(x.async.median, 3)} (${fmt(x.async.q1, 3)}–${fmt(x.async.q3, 3)})`,
    fmt(x.overheadMs, 3),
  ];
  return [
    table(
      ['per call', 'blocking ms, median (q1–q3)', 'async ms, median (q1–q3)', 'overhead ms'],
      [
        row('gemini adapter, loopback HTTP', r.perCall.gemini),
        row('mock via createBridgedModels', r.perCall.mock),
      ],
    ),
    '',
    table(
      [`stream of ${fmt(r.stream.events, 0)} events`, 'events/s', 'ms median (min–max)'],
      [
        [
          'Chat + createGeminiModels (bridge)',
          fmt(r.stream.sync.eventsPerSecond, 0),
          spread(r.stream.sync.ms, 1),
        ],
        [
          'AsyncChat + createGeminiAsyncModels',
          fmt(r.stream.async.eventsPerSecond, 0),
          spread(r.stream.async.ms, 1),
        ],
      ],
    ),
  ].join('\n');
}

function memorySection(r) {
  const row = (label, x) => [
    label,
    fmt(x.turns, 0),
    fmt(x.retainedBytes / 1048576, 2),
    fmt(x.jsonBytes / 1048576, 2),
    `${fmt(x.ratio, 2)}x`,
    x.floorRatio === undefined ? '—' : `${fmt(x.floorRatio, 2)}x`,
    fmt(x.bytesPerTurn, 0),
  ];
  const g = r.noGrowth;
  return [
    table(
      [
        'session',
        'turns',
        'retained MiB',
        'history JSON MiB',
        'ratio',
        'bare Content[] ratio',
        'bytes/turn',
      ],
      [
        row('60-char questions, 400-char replies', r.retained.chat),
        row('20-char questions, 40-char replies', r.retained.short),
        ...(r.retained.long
          ? [row('150-char questions, 1,500-char replies', r.retained.long)]
          : []),
      ],
    ),
    '',
    `No growth: ${fmt(g.sends, 0)} sends, a fresh chat every ${g.perChat}: heap after GC ${fmt(g.startBytes / 1048576, 2)} MiB at the start, ${fmt(g.endBytes / 1048576, 2)} MiB at the end (${fmt(g.growthBytes / 1024, 1)} KiB; fitted slope ${fmt(g.slopeBytesPerSend, 2)} bytes/send). Samples (MiB): ${g.samples.map((s) => fmt(s / 1048576, 2)).join(', ')}.`,
  ].join('\n');
}

function weightSection(r) {
  const kb = (bytes) => fmt(bytes / 1000, 2);
  return [
    table(
      [
        'package (export *)',
        'min+gzip kB, alone',
        'min+gzip kB, with deps',
        'minified kB, with deps',
      ],
      r.sizes.map((s) => [
        s.label,
        s.alone ? kb(s.alone.gzipBytes) : '',
        kb(s.withDeps.gzipBytes),
        kb(s.withDeps.minBytes),
      ]),
    ),
    '',
    table(
      ['app bundle (what one provider costs)', 'min+gzip kB', 'minified kB'],
      r.apps.map((a) => [a.label, kb(a.gzipBytes), kb(a.minBytes)]),
    ),
    '',
    table(
      ['cold import', 'import() ms, median (min–max)', 'whole process ms, median'],
      r.imports.map((i) => [i.label, spread(i.importMs, 1), fmt(i.wallMs.median, 1)]),
    ),
  ].join('\n');
}

function storesSection(r) {
  const stores = [...new Set(r.growth.rows.map((row) => row.store))];
  const cell = (store, n, key) => {
    const row = r.growth.rows.find((x) => x.store === store && x.n === n);
    return row ? fmt(row[key].median, 3) : '';
  };
  const first = r.growth.sizes[0];
  const last = r.growth.sizes[r.growth.sizes.length - 1];
  const sizeHeader = r.growth.sizes.map((n) => `N=${fmt(n, 0)}`);
  const growthRatio = (store) =>
    `${fmt(
      r.growth.rows.find((x) => x.store === store && x.n === last).appendMs.median /
        r.growth.rows.find((x) => x.store === store && x.n === first).appendMs.median,
      2,
    )}x`;
  const trips = (t, key) => (t.perOp[key] === undefined ? '' : fmt(t.perOp[key], 2));
  return [
    'Append latency: beginTurn + commitTurn of one turn (60-char question, 400-char reply) in a session already holding N turns, ms, median:',
    '',
    table(
      ['store', ...sizeHeader, `N=${fmt(last, 0)} / N=${fmt(first, 0)}`],
      stores.map((store) => [
        store,
        ...r.growth.sizes.map((n) => cell(store, n, 'appendMs')),
        growthRatio(store),
      ]),
    ),
    '',
    'Of which, and beside it, ms, median (begin / commit / one checkpoint of a 200-char partial reply):',
    '',
    table(
      ['store', ...sizeHeader],
      stores.map((store) => [
        store,
        ...r.growth.sizes.map(
          (n) =>
            `${cell(store, n, 'beginMs')} / ${cell(store, n, 'commitMs')} / ${cell(store, n, 'checkpointMs')}`,
        ),
      ]),
    ),
    '',
    `Resume and append on a ${fmt(r.resumeTurns, 0)}-turn session, ours and LangChain.js's histories interleaved (sequential, one client):`,
    '',
    table(
      ['store', 'load ms, median (min–max)', 'loads/s', 'append ms, median (q1–q3)', 'appends/s'],
      r.resume.map((row) => [
        row.kind === 'ours' ? `**${row.name}**` : row.name,
        spread(row.loadMs, 2),
        fmt(1_000 / row.loadMs.median, 0),
        `${fmt(row.appendMs.median, 3)} (${fmt(row.appendMs.q1, 3)}–${fmt(row.appendMs.q3, 3)})`,
        fmt(1_000 / row.appendMs.median, 0),
      ]),
    ),
    '',
    "Round trips per operation (Redis: commands from the store's connection in `MONITOR`; PostgreSQL: `query` calls on the pool's clients):",
    '',
    table(
      ['store', 'append', 'beginTurn', 'commitTurn', 'checkpoint', 'load'],
      r.trips.map((t) => [
        t.store,
        t.perOp.append === undefined
          ? `${fmt(t.perOp.begin + t.perOp.commit, 2)} (begin + commit)`
          : `${trips(t, 'append')} (addMessages of 2)`,
        trips(t, 'begin'),
        trips(t, 'commit'),
        trips(t, 'checkpoint'),
        trips(t, 'load'),
      ]),
    ),
  ].join('\n');
}

function serverLoadSection(r) {
  return [
    table(
      [
        'round',
        'direct p50 ms',
        'served p50 ms',
        'direct p99 ms',
        'served p99 ms',
        'served p99, first chunks left out',
        'chunks',
        'lost turns',
      ],
      r.rounds.map((round, i) => [
        String(i + 1),
        fmt(round.direct.p50, 3),
        fmt(round.served.p50, 3),
        fmt(round.direct.p99, 3),
        fmt(round.served.p99, 3),
        fmt(round.served.p99AfterFirst, 3),
        fmt(round.served.chunks, 0),
        String(round.lost),
      ]),
    ),
    '',
    `Server memory per open stream (${r.chats} open): heap ${fmt(r.perStream.heapBytes / 1024, 1)} KiB, RSS ${fmt(r.perStream.rssBytes / 1024, 1)} KiB.`,
  ].join('\n');
}

const sections = {
  bookkeeping: ['1. Session bookkeeping', bookkeepingSection],
  streaming: ['2. Streaming throughput', streamingSection],
  ttfc: ['3. Time to first chunk', ttfcSection],
  'sync-bridge': ['4. Sync bridge', bridgeSection],
  memory: ['5. Memory', memorySection],
  weight: ['6. Weight', weightSection],
  stores: ['7. Session stores', storesSection],
  'server-load': ['8. Serving over HTTP', serverLoadSection],
};

export function renderMarkdown({ machine, scenarios }) {
  const out = [
    '# Colloquy benchmark results',
    '',
    machineSection(machine),
    '',
    '## Targets',
    '',
    targetsSection(scenarios),
    '',
  ];
  const order = Object.keys(sections);
  const byNumber = [...scenarios].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  for (const scenario of byNumber) {
    const [title, render] = sections[scenario.name] ?? [scenario.name, () => ''];
    out.push(`## ${title}`, '');
    if (scenario.error) {
      out.push('Crashed:', '', '```', scenario.error, '```', '');
      continue;
    }
    for (const note of scenario.notes ?? []) out.push(`- ${note}`);
    out.push('', render(scenario), '');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
