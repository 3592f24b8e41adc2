// Pieces shared by the competency development pages: the sub-navigation by role, the year
// picker, the enums' names and a need's source in words, the need form fields.
import type { ComponentChildren } from 'preact';
import { ApiError } from '../../api';
import { Button, Select, TextArea, TextField } from '../../components/forms';
import { messageOf } from '../../errors';
import { useState } from 'preact/hooks';
import { useQuery } from '../../useQuery';
import type { KompetensiCompetencyGroup, KompetensiPriority, KompMyYearQuery, KompNeedFieldsFragment } from '../../gql/kompetensi/graphql';
import { t } from '../../i18n';
import { label } from '../../labels';
import { hasRole } from '../../session';
import './strings';

export const GROUPS: KompetensiCompetencyGroup[] = ['MANAJERIAL', 'TEKNIS', 'SOSIAL_KULTURAL'];
export const PRIORITIES: KompetensiPriority[] = ['HIGH', 'MEDIUM', 'LOW'];
export const KINDS = ['TRAINING', 'COURSE', 'COACHING', 'MENTORING', 'SECONDMENT', 'SELF_STUDY'] as const;

export const options = (prefix: string, values: readonly string[]) => values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));

/** The screens of this plugin the viewer may open, as a second navigation. */
export function KompNav({ current }: { current: string }) {
  const links: [string, string, boolean][] = [
    ['/kompetensi', 'komp.my', true],
    ['/kompetensi/tim', 'komp.team', hasRole('SUPERVISOR')],
    ['/kompetensi/instansi', 'komp.agency', hasRole('AGENCY_HEAD') || hasRole('AGENCY_ADMIN') || hasRole('CENTRAL_ADMIN')],
    ['/kompetensi/kota', 'komp.city', hasRole('CENTRAL_ADMIN')],
  ];
  const shown = links.filter(([, , ok]) => ok);
  if (shown.length < 2) return null;
  return (
    <nav aria-label={t('komp.nav')}>
      <ul class="nav nav--sub">
        {shown.map(([href, key]) => (
          <li>
            <a href={`#${href}`} aria-current={current === href ? 'page' : undefined}>
              {t(key)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

const THIS_YEAR = new Date().getFullYear();

export function YearSelect({ year, onYear }: { year: number; onYear: (y: number) => void }) {
  const years = [THIS_YEAR + 1, THIS_YEAR, THIS_YEAR - 1, THIS_YEAR - 2].map(String);
  return <Select label={t('komp.year')} name="year" value={String(year)} onValue={(v) => onYear(Number(v))} options={years.map((y) => ({ value: y, label: y }))} />;
}

export { THIS_YEAR };

/** Where a need came from, in words: the predikat, the BerAKHLAK value and rating, the IKI's achievement. */
export function sourceText(n: Pick<KompNeedFieldsFragment, 'source' | 'sourceValue' | 'behaviorValue'>): string {
  switch (n.source) {
    case 'PREDIKAT':
      return t('komp.src.PREDIKAT', { value: label(n.sourceValue) });
    case 'BEHAVIOR':
      return n.behaviorValue ? t('komp.src.BEHAVIOR', { value: label(n.behaviorValue), rating: label(n.sourceValue) }) : t('komp.src.BEHAVIOR_ALL', { rating: label(n.sourceValue) });
    case 'INDICATOR':
      return t('komp.src.INDICATOR', { value: n.sourceValue.replace(/\s*%$/, '') }); // the API's value may carry the %
    default:
      return t('komp.src.EMPLOYEE');
  }
}

export interface NeedDraft {
  group: string;
  title: string;
  priority: string;
  note: string;
}

/** Group, title, priority and note of a need, each with the server's message on it. */
export function NeedFields({ draft, onDraft, fieldError }: { draft: NeedDraft; onDraft: (d: NeedDraft) => void; fieldError: (...names: string[]) => string | null }) {
  const set = (k: keyof NeedDraft) => (v: string) => onDraft({ ...draft, [k]: v });
  return (
    <>
      <Select label={t('komp.group')} name="group" value={draft.group} onValue={set('group')} options={options('komp.group', GROUPS)} error={fieldError('group')} />
      <TextField label={t('komp.title')} name="title" hint={t('komp.titleHint')} value={draft.title} onValue={set('title')} error={fieldError('title')} />
      <Select label={t('komp.priority')} name="priority" value={draft.priority} onValue={set('priority')} options={options('komp.prio', PRIORITIES)} error={fieldError('priority')} />
      <TextArea label={t('komp.note')} name="note" value={draft.note} onValue={set('note')} error={fieldError('note')} />
    </>
  );
}

export function JpBar({ jp, right }: { jp: number; right: number }) {
  return (
    <div class="jp">
      <progress max={right} value={Math.min(jp, right)} aria-label={t('komp.jpOf', { jp, right })} />
      <span>{t('komp.jpOf', { jp, right })}</span>
    </div>
  );
}

export type MyYear = NonNullable<KompMyYearQuery['employee']>;
export type MyNeed = NonNullable<MyYear['kompetensiDevelopmentNeeds']>[number];
export type MyPlan = NonNullable<MyYear['kompetensiPlan']>;
export type MyActivity = MyPlan['activities'][number];
export type MyRecord = NonNullable<MyYear['kompetensiRecords']>[number];

/** A whole number of JP typed in a field, or a message for the field (the range is the server's). */
export function parseJp(text: string): number | ApiError {
  const s = text.trim();
  return /^\d{1,4}$/.test(s) ? Number(s) : new ApiError(t('komp.jpBad'), 'client', 'jp');
}

/** A date input left empty or half typed: a message for the field, before sending. */
export function dateError(value: string, field: string): ApiError | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? null : new ApiError(t('komp.dateBad'), 'client', field);
}

/** A table column whose figures are right-aligned. */
export const num = (label: string) => ({ label, num: true });

/** A table that scrolls sideways on a phone (a focusable region), with its column headers. */
export function DataTable({ label, cols, children, foot }: { label: string; cols: (string | { label: string; num: boolean })[]; children: ComponentChildren; foot?: ComponentChildren }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={label}>
      <table>
        <thead>
          <tr>
            {cols.map((c) =>
              typeof c === 'string' ? (
                <th scope="col">{c}</th>
              ) : (
                <th scope="col" class="num">
                  {c.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
        {foot && <tfoot>{foot}</tfoot>}
      </table>
    </div>
  );
}

/** A list's first load: busy while nothing is there, the server's message when it failed. */
export function QueryState({ q }: { q: { loading: boolean; data: unknown; error: unknown } }) {
  if (q.loading && !q.data) return <p aria-busy="true">{t('loading')}</p>;
  if (q.error != null)
    return (
      <p class="error-box" role="alert">
        {messageOf(q.error)}
      </p>
    );
  return null;
}

/** A button whose visible text is short and whose accessible name says what it acts on. */
export function NamedButton({ short, name, ...rest }: { short: string; name: string; kind?: 'primary' | 'secondary' | 'danger'; busy?: boolean; type?: 'submit' | 'button'; onClick?: () => void }) {
  return (
    <Button {...rest}>
      <span aria-hidden="true">{short}</span>
      <span class="visually-hidden">{name}</span>
    </Button>
  );
}

/**
 * A list read `page` items at a time by offset (the plugin's lists): the first page on mount and
 * when deps change, `more` while the last page came full, `loadMore` appends the next.
 */
export function useOffsetList<T>(fetchPage: (offset: number) => Promise<T[] | null | undefined>, page: number, deps: unknown[]) {
  const [extra, setExtra] = useState<T[]>([]);
  const [more, setMore] = useState(false);
  const q = useQuery(async () => {
    const first = (await fetchPage(0)) ?? [];
    setExtra([]);
    setMore(first.length === page);
    return first;
  }, deps);
  const rows = [...(q.data ?? []), ...extra];
  const loadMore = async () => {
    const next = (await fetchPage(rows.length)) ?? [];
    setExtra((x) => [...x, ...next]);
    setMore(next.length === page);
  };
  return { q, rows, more, loadMore };
}

export function MoreButton({ shown, onMore }: { shown: boolean; onMore: () => Promise<void> }) {
  return shown ? (
    <Button kind="secondary" onClick={() => void onMore()}>
      {t('komp.more')}
    </Button>
  ) : null;
}

/** A person in a table's first column: name, NIP below. */
export function PersonCell({ name, nip }: { name: string; nip: string }) {
  return (
    <th scope="row">
      {name}
      <div class="muted">{nip}</div>
    </th>
  );
}

/** A form that the server checks (noValidate): submitting runs `onSubmit` instead of a page load. */
export function ActionForm({ label, onSubmit, children }: { label: string; onSubmit: () => Promise<unknown>; children: ComponentChildren }) {
  return (
    <form
      aria-label={label}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
    >
      {children}
    </form>
  );
}
