import { t } from '../../i18n';
import type { Plan } from './types';

/**
 * The cascade as a tree: each superior's RHK with the RHK of this SKP that intervene it, and
 * under each of those the subordinates' RHK intervening it in turn.
 */
export function Cascade({ plan }: { plan: Plan }) {
  if (!plan.workResults.length) return <p>{t('skp.cascadeEmpty')}</p>;
  const groups = new Map<string, { parent: Plan['workResults'][number]['parent']; mine: Plan['workResults'] }>();
  for (const wr of plan.workResults) {
    const key = wr.parent?.id ?? '-';
    if (!groups.has(key)) groups.set(key, { parent: wr.parent, mine: [] });
    groups.get(key)!.mine.push(wr);
  }
  return (
    <ul class="tree" aria-label={t('skp.cascade')}>
      {[...groups.values()].map(({ parent, mine }) => (
        <li>
          <div class={`node node--parent${parent ? '' : ' node--none'}`}>
            {parent ? (
              <>
                {parent.description}
                {parent.plan?.employee.name && <span class="muted"> · {parent.plan.employee.name}</span>}
              </>
            ) : (
              t('skp.noParent')
            )}
          </div>
          <ul>
            {mine.map((wr) => (
              <li>
                <div class="node node--mine">
                  <strong>{wr.description}</strong>
                  <span class="muted"> · {plan.employee.name}</span>
                </div>
                {wr.children.length > 0 && (
                  <ul aria-label={t('skp.subordinates')}>
                    {wr.children.map((c) => (
                      <li>
                        <div class="node node--child">
                          {c.description}
                          {c.plan?.employee.name && <span class="muted"> · {c.plan.employee.name}</span>}
                        </div>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
