// Agency admins (their agency) and BKPSDM (any agency, picked): the organisation - units,
// positions, employees with their position, and accounts - through the API's own mutations.
// A ValidationError or Conflict naming a field is shown on that field; the rest above the button.
import { useEffect, useRef, useState } from 'preact/hooks';
import { request } from '../api';
import { Button, FormStatus, Select, TextField } from '../components/forms';
import { messageOf } from '../errors';
import {
  AdminAssignPositionDocument,
  AdminCreateAccountDocument,
  AdminCreateEmployeeDocument,
  AdminCreatePositionDocument,
  AdminCreateUnitDocument,
  AdminEndAssignmentDocument,
  AdminUpdateEmployeeDocument,
  AdminUpdatePositionDocument,
  AdminUpdateUnitDocument,
  AdminResetPasswordDocument,
  OrgAgenciesDocument,
  OrgEmployeesDocument,
  OrgStructureDocument,
  type OrgEmployeesQuery,
  type OrgStructureQuery,
  type PositionType,
  type EmployeeKind,
  type AssignmentKind,
} from '../gql/graphql';
import { t } from '../i18n';
import { me } from '../session';
import { useSignal } from '../signal';
import { useAction } from '../useAction';
import { useQuery } from '../useQuery';
import './adminStrings';

type Unit = OrgStructureQuery['agency']['units'][number];
type Person = OrgEmployeesQuery['employees']['nodes'][number];

const POSITION_TYPES: PositionType[] = ['JPT' as PositionType, 'ADMINISTRATOR' as PositionType, 'PENGAWAS' as PositionType, 'FUNGSIONAL' as PositionType, 'PELAKSANA' as PositionType];
const today = () => new Date().toISOString().slice(0, 10);

/** Which agency: an agency admin's own; BKPSDM picks one. Shared with the periods page. */
export function useAdminAgency() {
  const who = useSignal(me);
  const central = who?.roles.includes('CENTRAL_ADMIN' as never) ?? false;
  const agencies = useQuery(() => (central ? request(OrgAgenciesDocument) : Promise.resolve(null)), [central]);
  const [picked, setPicked] = useState<string | null>(null);
  const agencyId = picked ?? who?.adminAgencyId ?? agencies.data?.agencies[0]?.id ?? null;
  const picker =
    central && agencies.data ? (
      <Select label={t('org.agency')} name="agency" value={agencyId ?? ''} onValue={setPicked} options={agencies.data.agencies.map((a) => ({ value: a.id, label: a.name }))} />
    ) : null;
  return { agencyId, picker };
}

/** An edit sends only what changed: null leaves the field as it is on the server. */
const changed = (value: string, was: string | null | undefined) => (value === (was ?? '') ? null : value);

function unitOptions(units: Unit[]) {
  return units.map((u) => ({ value: u.id, label: `${u.code} · ${u.name}` }));
}

/** Rename a unit or move it under another one (the version passed back). */
function EditUnit({ units, reload }: { units: Unit[]; reload: () => Promise<void> }) {
  const [unitId, setUnitId] = useState(units[0]?.id ?? '');
  const unit = units.find((u) => u.id === unitId) ?? units[0];
  const [name, setName] = useState(unit?.name ?? '');
  const [parentId, setParent] = useState(unit?.parent?.id ?? '');
  const act = useAction();
  function pick(id: string) {
    const u = units.find((x) => x.id === id);
    setUnitId(id);
    setName(u?.name ?? '');
    setParent(u?.parent?.id ?? '');
    act.setError(null);
    act.setStatus(null);
  }
  async function submit(e: Event) {
    e.preventDefault();
    if (!unit) return;
    const moved = parentId && parentId !== (unit.parent?.id ?? '') ? parentId : null;
    await act.run(async () => (await request(AdminUpdateUnitDocument, { input: { id: unit.id, name: changed(name, unit.name), parentId: moved, version: unit.version } })).updateUnit, reload, t('org.unitSaved', { name }));
  }
  const others = units.filter((u) => u.id !== unit?.id);
  return (
    <form onSubmit={submit} aria-labelledby="unit-edit-h" noValidate>
      <h3 id="unit-edit-h">{t('org.editUnit')}</h3>
      <Select label={t('org.unit')} name="editUnitId" value={unit?.id ?? ''} onValue={pick} options={unitOptions(units)} error={act.fieldError('id')} />
      <TextField label={t('org.unitName')} name="editUnitName" value={name} onValue={setName} error={act.fieldError('name')} required />
      {unit?.parent && <Select label={t('org.parent')} name="editParentId" value={parentId} onValue={setParent} options={unitOptions(others)} error={act.fieldError('parentId')} />}
      <FormStatus error={act.formError('id', 'name', 'parentId')} status={act.status} />
      <Button type="submit" busy={act.busy}>
        {t('org.saveUnit')}
      </Button>
    </form>
  );
}

function UnitsSection({ agencyId, units, reload }: { agencyId: string; units: Unit[]; reload: () => Promise<void> }) {
  const root = units.find((u) => !u.parent)?.id ?? '';
  const [parentId, setParent] = useState(root);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const act = useAction();
  const byId = new Map(units.map((u) => [u.id, u]));
  async function submit(e: Event) {
    e.preventDefault();
    const ok = await act.run(async () => (await request(AdminCreateUnitDocument, { input: { parentId: parentId || root, code, name } })).createUnit, reload, t('org.unitAdded', { name }));
    if (ok) {
      setCode('');
      setName('');
    }
  }
  return (
    <section class="card" aria-labelledby="units-h" data-agency={agencyId}>
      <h2 id="units-h">{t('org.units', { n: units.length })}</h2>
      <div class="table-wrap" tabIndex={0} role="region" aria-label={t('org.unitTable')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('org.code')}</th>
              <th scope="col">{t('org.name')}</th>
              <th scope="col">{t('org.parent')}</th>
              <th scope="col" class="num">
                {t('org.positionCount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {units.map((u) => (
              <tr>
                <td>{u.code}</td>
                <th scope="row">{u.name}</th>
                <td>{u.parent ? byId.get(u.parent.id)?.name ?? u.parent.id : '–'}</td>
                <td class="num">{u.positions.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form onSubmit={submit} aria-labelledby="unit-form-h" noValidate>
        <h3 id="unit-form-h">{t('org.addUnit')}</h3>
        <Select label={t('org.parent')} name="parentId" value={parentId || root} onValue={setParent} options={unitOptions(units)} error={act.fieldError('parentId')} />
        <TextField label={t('org.code')} name="code" value={code} onValue={setCode} hint={t('org.codeHint')} error={act.fieldError('code')} required />
        <TextField label={t('org.unitName')} name="name" value={name} onValue={setName} error={act.fieldError('name')} required />
        <FormStatus error={act.formError('parentId', 'code', 'name')} status={act.status} />
        <Button type="submit" busy={act.busy}>
          {t('org.addUnit')}
        </Button>
      </form>
      <EditUnit units={units} reload={reload} />
    </section>
  );
}

type Position = Unit['positions'][number];

/** Change a position's name, jenjang or superior position (the version passed back). */
function EditPosition({ unit, all, reload }: { unit: Unit; all: (Position & { unit: Unit })[]; reload: () => Promise<void> }) {
  const first = unit.positions[0];
  const [positionId, setPositionId] = useState(first?.id ?? '');
  const position = unit.positions.find((p) => p.id === positionId) ?? first;
  const [name, setName] = useState(position?.name ?? '');
  const [level, setLevel] = useState(position?.level ?? '');
  const [reportsToId, setReports] = useState(position?.reportsTo?.id ?? '');
  const act = useAction();
  function pick(id: string) {
    const p = unit.positions.find((x) => x.id === id);
    setPositionId(id);
    setName(p?.name ?? '');
    setLevel(p?.level ?? '');
    setReports(p?.reportsTo?.id ?? '');
    act.setError(null);
    act.setStatus(null);
  }
  if (!position) return null;
  async function submit(e: Event) {
    e.preventDefault();
    if (!position) return;
    const superior = reportsToId && reportsToId !== (position.reportsTo?.id ?? '') ? reportsToId : null;
    await act.run(
      async () => (await request(AdminUpdatePositionDocument, { input: { id: position.id, name: changed(name, position.name), level: changed(level, position.level), reportsToId: superior, version: position.version } })).updatePosition,
      reload,
      t('org.positionSaved', { name }),
    );
  }
  return (
    <form onSubmit={submit} aria-labelledby="position-edit-h" noValidate>
      <h3 id="position-edit-h">{t('org.editPosition', { name: unit.name })}</h3>
      <Select label={t('org.position')} name="editPositionId" value={position.id} onValue={pick} options={unit.positions.map((p) => ({ value: p.id, label: p.name }))} error={act.fieldError('id')} />
      <TextField label={t('org.positionName')} name="editPositionName" value={name} onValue={setName} error={act.fieldError('name')} required />
      <TextField label={t('org.level')} name="editLevel" value={level} onValue={setLevel} hint={t('org.levelHint')} error={act.fieldError('level')} />
      <Select
        label={t('org.reportsTo')}
        name="editReportsToId"
        value={reportsToId}
        onValue={setReports}
        options={[...(position.reportsTo ? [] : [{ value: '', label: t('org.none') }]), ...all.filter((p) => p.id !== position.id).map((p) => ({ value: p.id, label: `${p.name} (${p.unit.name})` }))]}
        error={act.fieldError('reportsToId')}
      />
      <FormStatus error={act.formError('id', 'name', 'level', 'reportsToId')} status={act.status} />
      <Button type="submit" busy={act.busy}>
        {t('org.savePosition')}
      </Button>
    </form>
  );
}

function PositionsSection({ units, reload }: { units: Unit[]; reload: () => Promise<void> }) {
  const [unitId, setUnit] = useState(units[0]?.id ?? '');
  const [name, setName] = useState('');
  const [type, setType] = useState<PositionType>('PELAKSANA' as PositionType);
  const [level, setLevel] = useState('');
  const [isUnitHead, setHead] = useState(false);
  const [reportsToId, setReports] = useState('');
  const act = useAction();
  const all = units.flatMap((u) => u.positions.map((p) => ({ ...p, unit: u })));
  const names = new Map(all.map((p) => [p.id, p.name]));
  const unit = units.find((u) => u.id === unitId) ?? units[0];
  async function submit(e: Event) {
    e.preventDefault();
    const ok = await act.run(
      async () => (await request(AdminCreatePositionDocument, { input: { unitId: unit?.id ?? '', name, type, level, isUnitHead, reportsToId: reportsToId || null } })).createPosition,
      reload,
      t('org.positionAdded', { name }),
    );
    if (ok) {
      setName('');
      setLevel('');
      setHead(false);
    }
  }
  return (
    <section class="card" aria-labelledby="positions-h">
      <h2 id="positions-h">{t('org.positions')}</h2>
      <Select label={t('org.unit')} name="unitId" value={unit?.id ?? ''} onValue={setUnit} options={unitOptions(units)} error={act.fieldError('unitId')} />
      {unit && (
        <ul aria-label={t('org.positionsOf', { name: unit.name })}>
          {unit.positions.length === 0 && <li class="muted">{t('org.noPositions')}</li>}
          {unit.positions.map((p) => (
            <li>
              {p.name} <span class="muted">
                {p.type}
                {p.level ? ` · ${p.level}` : ''}
                {p.isUnitHead ? ` · ${t('org.head')}` : ''}
                {p.reportsTo ? ` · ${t('org.reportsTo')}: ${names.get(p.reportsTo.id) ?? p.reportsTo.id}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} aria-labelledby="position-form-h" noValidate>
        <h3 id="position-form-h">{t('org.addPosition', { name: unit?.name ?? '' })}</h3>
        <TextField label={t('org.positionName')} name="name" value={name} onValue={setName} error={act.fieldError('name')} required />
        <Select label={t('org.type')} name="type" value={type} onValue={(v) => setType(v as PositionType)} options={POSITION_TYPES.map((p) => ({ value: p, label: p }))} error={act.fieldError('type')} />
        <TextField label={t('org.level')} name="level" value={level} onValue={setLevel} hint={t('org.levelHint')} error={act.fieldError('level')} />
        <div class={`field${act.fieldError('isUnitHead') ? ' field--error' : ''}`}>
          <label class="radio">
            <input type="checkbox" name="isUnitHead" checked={isUnitHead} onChange={(e) => setHead((e.target as HTMLInputElement).checked)} aria-invalid={act.fieldError('isUnitHead') ? 'true' : undefined} />
            {t('org.isHead')}
          </label>
          {act.fieldError('isUnitHead') && <p class="error-text">{act.fieldError('isUnitHead')}</p>}
        </div>
        <Select
          label={t('org.reportsTo')}
          name="reportsToId"
          value={reportsToId}
          onValue={setReports}
          options={[{ value: '', label: t('org.none') }, ...all.map((p) => ({ value: p.id, label: `${p.name} (${p.unit.name})` }))]}
          error={act.fieldError('reportsToId')}
        />
        <FormStatus error={act.formError('unitId', 'name', 'type', 'level', 'isUnitHead', 'reportsToId')} status={act.status} />
        <Button type="submit" busy={act.busy}>
          {t('org.addPositionButton')}
        </Button>
      </form>
      {/* keyed on the count too: the fields start from the first position once one is added */}
      {unit && <EditPosition key={`${unit.id}:${unit.positions.length}`} unit={unit} all={all} reload={reload} />}
    </section>
  );
}

function AddEmployee({ agencyId, onAdded }: { agencyId: string; onAdded: () => void }) {
  const [nip, setNip] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<EmployeeKind>('PNS' as EmployeeKind);
  const [golongan, setGolongan] = useState('');
  const [email, setEmail] = useState('');
  const act = useAction();
  async function submit(e: Event) {
    e.preventDefault();
    const ok = await act.run(async () => (await request(AdminCreateEmployeeDocument, { input: { agencyId, nip, name, kind, golongan, email } })).createEmployee, onAdded, t('org.employeeAdded', { name }));
    if (ok) {
      setNip('');
      setName('');
      setGolongan('');
      setEmail('');
    }
  }
  return (
    <form onSubmit={submit} aria-labelledby="employee-form-h" noValidate>
      <h3 id="employee-form-h">{t('org.addEmployee')}</h3>
      <TextField label="NIP" name="nip" value={nip} onValue={setNip} inputMode="numeric" hint={t('org.nipHint')} error={act.fieldError('nip')} required />
      <TextField label={t('org.fullName')} name="name" value={name} onValue={setName} error={act.fieldError('name')} required />
      <Select label={t('org.kind')} name="kind" value={kind} onValue={(v) => setKind(v as EmployeeKind)} options={['PNS', 'PPPK'].map((k) => ({ value: k, label: k }))} error={act.fieldError('kind')} />
      <TextField label={t('org.golongan')} name="golongan" value={golongan} onValue={setGolongan} hint={t('org.golonganHint')} error={act.fieldError('golongan')} />
      <TextField label="Email" name="email" value={email} onValue={setEmail} error={act.fieldError('email')} />
      <FormStatus error={act.formError('nip', 'name', 'kind', 'golongan', 'email')} status={act.status} />
      <Button type="submit" busy={act.busy}>
        {t('org.addEmployee')}
      </Button>
    </form>
  );
}

/** One employee's position and account: assign a position, create the login or reset its password. */
function EmployeeTools({ person, units, onDone }: { person: Person; units: Unit[]; onDone: () => void }) {
  const positions = units.flatMap((u) => u.positions.map((p) => ({ value: p.id, label: `${p.name} (${u.name})` })));
  const [positionId, setPosition] = useState(positions[0]?.value ?? '');
  const [startDate, setStart] = useState(today());
  const [kind, setKind] = useState<AssignmentKind>('DEFINITIF' as AssignmentKind);
  const [password, setPassword] = useState('');
  const assign = useAction();
  const account = useAction();
  const edit = useAction();
  const ending = useAction();
  const [name, setName] = useState(person.name);
  const [golongan, setGolongan] = useState(person.golongan);
  const running = person.assignments.filter((a) => !a.endDate);
  const [endId, setEndId] = useState(running[0]?.id ?? '');
  const [endDate, setEndDate] = useState(today());
  const toEnd = running.find((a) => a.id === endId) ?? running[0];
  // focus the section once when it opens (not on every render: typing must keep its focus)
  const section = useRef<HTMLElement>(null);
  useEffect(() => section.current?.focus(), [person.id]);
  async function submitAssign(e: Event) {
    e.preventDefault();
    await assign.run(async () => (await request(AdminAssignPositionDocument, { input: { employeeId: person.id, positionId, startDate, kind } })).assignPosition, onDone, t('org.assigned'));
  }
  async function submitEdit(e: Event) {
    e.preventDefault();
    await edit.run(async () => (await request(AdminUpdateEmployeeDocument, { input: { id: person.id, name: changed(name, person.name), golongan: changed(golongan, person.golongan), version: person.version } })).updateEmployee, onDone, t('org.employeeSaved', { name }));
  }
  async function submitEnd(e: Event) {
    e.preventDefault();
    if (!toEnd) return;
    await ending.run(async () => (await request(AdminEndAssignmentDocument, { id: toEnd.id, endDate })).endAssignment, onDone, t('org.assignmentEnded'));
  }
  async function accountCall(reset: boolean) {
    const ok = await account.run(
      async () => (reset ? (await request(AdminResetPasswordDocument, { employeeId: person.id, password })).resetPassword : (await request(AdminCreateAccountDocument, { employeeId: person.id, password })).createAccount),
      undefined,
      reset ? t('org.passwordReset') : t('org.accountCreated'),
    );
    if (ok) setPassword('');
  }
  return (
    <section class="card" aria-labelledby="tools-h" tabIndex={-1} ref={section}>
      <h3 id="tools-h">{t('org.manage', { name: person.name })}</h3>
      <form onSubmit={submitEdit} aria-labelledby="employee-edit-h" noValidate>
        <h4 id="employee-edit-h">{t('org.editEmployee')}</h4>
        <TextField label={t('org.fullName')} name="editEmployeeName" value={name} onValue={setName} error={edit.fieldError('name')} required />
        <TextField label={t('org.golongan')} name="editGolongan" value={golongan} onValue={setGolongan} hint={t('org.golonganHint')} error={edit.fieldError('golongan')} />
        <FormStatus error={edit.formError('name', 'golongan')} status={edit.status} />
        <Button type="submit" busy={edit.busy}>
          {t('org.saveEmployee')}
        </Button>
      </form>
      <form onSubmit={submitAssign} aria-labelledby="assign-h" noValidate>
        <h4 id="assign-h">{t('org.assign')}</h4>
        <Select label={t('org.position')} name="positionId" value={positionId} onValue={setPosition} options={positions} error={assign.fieldError('positionId')} />
        <TextField label={t('org.startDate')} name="startDate" type="date" value={startDate} onValue={setStart} error={assign.fieldError('startDate')} />
        <Select label={t('org.assignmentKind')} name="kind" value={kind} onValue={(v) => setKind(v as AssignmentKind)} options={['DEFINITIF', 'PLT', 'PLH'].map((k) => ({ value: k, label: k }))} error={assign.fieldError('kind')} />
        <FormStatus error={assign.formError('positionId', 'startDate', 'kind', 'endDate')} status={assign.status} />
        <Button type="submit" busy={assign.busy}>
          {t('org.assign')}
        </Button>
      </form>
      <form onSubmit={submitEnd} aria-labelledby="end-h" noValidate>
        <h4 id="end-h">{t('org.endAssignment')}</h4>
        {toEnd ? (
          <>
            <Select
              label={t('org.assignmentToEnd')}
              name="assignmentId"
              value={toEnd.id}
              onValue={setEndId}
              options={running.map((a) => ({ value: a.id, label: `${a.position.name} · ${a.kind} · ${a.startDate}` }))}
              error={ending.fieldError('id')}
            />
            <TextField label={t('org.endDate')} name="endDate" type="date" value={endDate} onValue={setEndDate} error={ending.fieldError('endDate')} />
          </>
        ) : (
          <p class="muted">{t('org.noRunning')}</p>
        )}
        <FormStatus error={ending.formError('id', 'endDate')} status={ending.status} />
        {toEnd && (
          <Button type="submit" kind="danger" busy={ending.busy}>
            {t('org.endAssignment')}
          </Button>
        )}
      </form>
      <form onSubmit={(e) => (e.preventDefault(), void accountCall(false))} aria-labelledby="account-h" noValidate>
        <h4 id="account-h">{t('org.account')}</h4>
        <TextField label={t('org.tempPassword')} name="password" type="password" autoComplete="new-password" value={password} onValue={setPassword} hint={t('org.tempPasswordHint')} error={account.fieldError('password')} />
        <FormStatus error={account.formError('password')} status={account.status} />
        <div class="row">
          <Button type="submit" busy={account.busy}>
            {t('org.createAccount')}
          </Button>
          <Button kind="secondary" busy={account.busy} onClick={() => void accountCall(true)}>
            {t('org.resetPassword')}
          </Button>
        </div>
      </form>
    </section>
  );
}

function EmployeesSection({ agencyId, units }: { agencyId: string; units: Unit[] }) {
  const [search, setSearch] = useState('');
  const [applied, setApplied] = useState('');
  const [more, setMore] = useState<Person[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [chosen, setChosen] = useState<Person | null>(null);
  const q = useQuery(() => request(OrgEmployeesDocument, { agencyId, search: applied || null, after: null }), [agencyId, applied]);
  const reload = async () => {
    setMore([]);
    setCursor(undefined);
    await q.reload();
  };
  const page = q.data?.employees;
  const next = cursor === undefined ? (page?.pageInfo.hasNextPage ? page.pageInfo.endCursor : null) : cursor;
  async function loadMore() {
    const r = (await request(OrgEmployeesDocument, { agencyId, search: applied || null, after: next ?? null })).employees;
    setMore((m) => [...m, ...r.nodes]);
    setCursor(r.pageInfo.hasNextPage ? (r.pageInfo.endCursor ?? null) : null);
  }
  const people = page ? [...page.nodes, ...more] : [];
  return (
    <section class="card" aria-labelledby="employees-h">
      <h2 id="employees-h">{t('org.employees', { n: page?.totalCount ?? 0 })}</h2>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setMore([]);
          setCursor(undefined);
          setApplied(search.trim());
        }}
      >
        <TextField label={t('org.search')} name="search" value={search} onValue={setSearch} />
        <Button type="submit" kind="secondary">
          {t('org.find')}
        </Button>
      </form>
      {q.error ? (
        <p class="error-box">{messageOf(q.error)}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={t('org.employeeTable')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('org.fullName')}</th>
                <th scope="col">NIP</th>
                <th scope="col">{t('org.position')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('org.manageCol')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {people.map((p) => (
                <tr>
                  <th scope="row">{p.name}</th>
                  <td>{p.nip}</td>
                  <td>{p.currentPosition ? `${p.currentPosition.name}, ${p.currentPosition.unit.name}` : t('org.noPosition')}</td>
                  <td>
                    <button type="button" class="linkish" onClick={() => setChosen(p)}>
                      {t('org.manage', { name: p.name })}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <Button kind="secondary" onClick={() => void loadMore()}>
          {t('org.more')}
        </Button>
      )}
      {chosen && <EmployeeTools key={chosen.id} person={people.find((p) => p.id === chosen.id) ?? chosen} units={units} onDone={() => void reload()} />}
      <AddEmployee
        agencyId={agencyId}
        onAdded={() => {
          void reload();
        }}
      />
    </section>
  );
}

function OrgView({ agencyId }: { agencyId: string }) {
  const q = useQuery(() => request(OrgStructureDocument, { agencyId }), [agencyId]);
  if (q.loading && !q.data) return <p aria-busy="true">{t('loading')}</p>;
  if (q.error || !q.data) return <p class="error-box" role="alert">{messageOf(q.error)}</p>;
  const units = q.data.agency.units;
  return (
    <>
      <h2 class="visually-hidden">{q.data.agency.name}</h2>
      <UnitsSection agencyId={agencyId} units={units} reload={q.reload} />
      <PositionsSection units={units} reload={q.reload} />
      <EmployeesSection agencyId={agencyId} units={units} />
    </>
  );
}

export default function Organisation() {
  const { agencyId, picker } = useAdminAgency();
  return (
    <>
      <h1>{t('organisation')}</h1>
      {picker}
      {agencyId ? <OrgView key={agencyId} agencyId={agencyId} /> : <p class="muted">{t('org.noAgency')}</p>}
    </>
  );
}
