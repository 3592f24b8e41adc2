// Bars in plain SVG (no chart library: the dashboards need bars and lines only, and this
// keeps them out of every bundle). Values are also given as text for screen readers, and a
// table alternative follows each chart where it is used.
export interface Series {
  label: string;
  values: number[];
}

const COLORS = ['#0b5cad', '#d97706', '#1d6b34', '#7c3aed', '#a4161a', '#0e7490'];

export function BarChart({ title, categories, series, max, line = false }: { title: string; categories: string[]; series: Series[]; max?: number; line?: boolean }) {
  const top = Math.max(max ?? 0, ...series.flatMap((s) => s.values.filter((v) => Number.isFinite(v))), 1);
  const rowH = 22 * Math.max(series.length, 1) + 10;
  const labelW = 200;
  const width = 640;
  const plotW = width - labelW - 50;
  if (line) {
    const h = 220;
    const stepX = categories.length > 1 ? plotW / (categories.length - 1) : 0;
    return (
      <figure class="chart">
        <svg viewBox={`0 0 ${width} ${h + 40}`} role="img" aria-label={title}>
          <title>{title}</title>
          {series.map((s, k) => (
            <polyline
              fill="none"
              stroke={COLORS[k % COLORS.length]}
              stroke-width="2.5"
              points={s.values.map((v, i) => `${labelW + i * stepX},${h - (Math.max(0, v) / top) * (h - 10)}`).join(' ')}
            />
          ))}
          {categories.map((c, i) => (
            <text x={labelW + i * stepX} y={h + 18} font-size="11" text-anchor="middle">
              {c}
            </text>
          ))}
        </svg>
        <Legend series={series} />
      </figure>
    );
  }
  const height = categories.length * rowH + 10;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
        <title>{title}</title>
        {categories.map((c, i) => (
          <g transform={`translate(0 ${i * rowH + 5})`}>
            <text x={labelW - 6} y={rowH / 2} font-size="12" text-anchor="end" dominant-baseline="middle">
              {c.length > 28 ? `${c.slice(0, 27)}…` : c}
            </text>
            {series.map((s, k) => {
              const v = s.values[i];
              const w = Number.isFinite(v) ? (Math.max(0, v) / top) * plotW : 0;
              return (
                <>
                  <rect x={labelW} y={5 + k * 22} width={w} height={18} fill={COLORS[k % COLORS.length]} />
                  <text x={labelW + w + 4} y={5 + k * 22 + 13} font-size="11">
                    {Number.isFinite(v) ? String(v) : '–'}
                  </text>
                </>
              );
            })}
          </g>
        ))}
      </svg>
      <Legend series={series} />
    </figure>
  );
}

function Legend({ series }: { series: Series[] }) {
  if (series.length < 2) return null;
  return (
    <figcaption class="legend">
      {series.map((s, k) => (
        <span>
          <svg width="12" height="12" aria-hidden="true">
            <rect width="12" height="12" fill={COLORS[k % COLORS.length]} />
          </svg>{' '}
          {s.label}
        </span>
      ))}
    </figcaption>
  );
}
