// The rater's decision on a submitted SKP: approve with ekspektasi khusus per BerAKHLAK
// value, or return it with a note.
import { useState } from 'preact/hooks';
import { request } from '../../api';
import { Button, FormStatus, TextArea } from '../../components/forms';
import { ApprovePlanDocument, ReturnPlanDocument, type BehaviorValue } from '../../gql/graphql';
import { t } from '../../i18n';
import { BERAKHLAK, label } from '../../labels';
import { useAction } from '../../useAction';
import type { Plan, Viewer } from './types';

export function Approval({ plan, viewer }: { plan: Plan; viewer: Viewer }) {
  const [expectations, setExpectations] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const approve = useAction();
  const back = useAction();
  return (
    <section class="card" aria-labelledby="approval-h">
      <h2 id="approval-h">{t('skp.approval')}</h2>
      {plan.allowedActions.includes('APPROVE') && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const list = BERAKHLAK.filter((v) => expectations[v]?.trim()).map((v) => ({ value: v as BehaviorValue, expectation: expectations[v].trim() }));
            void approve.run(async () => (await request(ApprovePlanDocument, { input: { id: plan.id, expectations: list } })).approvePlan, viewer.reload, t('skp.approved'));
          }}
        >
          <fieldset>
            <legend>{t('skp.expectations')}</legend>
            {BERAKHLAK.map((v) => (
              <TextArea label={label(v)} name={`expect-${v}`} value={expectations[v] ?? ''} onValue={(x) => setExpectations({ ...expectations, [v]: x })} error={approve.fieldError(`expectations.${v}`)} />
            ))}
          </fieldset>
          <FormStatus error={approve.formError()} status={approve.status} />
          <Button type="submit" busy={approve.busy}>
            {t('skp.approve')}
          </Button>
        </form>
      )}
      {plan.allowedActions.includes('RETURN') && (
        <form noValidate onSubmit={(e) => (e.preventDefault(), void back.run(async () => (await request(ReturnPlanDocument, { id: plan.id, note })).returnPlan, viewer.reload, t('skp.returned')))}>
          <h3>{t('skp.returnWithNote')}</h3>
          <TextArea label={t('skp.returnNoteLabel')} name="returnNote" value={note} onValue={setNote} required error={back.fieldError('note')} />
          <FormStatus error={back.formError('note')} status={back.status} />
          <Button type="submit" kind="danger" busy={back.busy}>
            {t('skp.return')}
          </Button>
        </form>
      )}
    </section>
  );
}
