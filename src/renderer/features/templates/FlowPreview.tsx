// 项目审批申报流程图 of a template, the same shape the printed plan draws (src/main/printing/plan.ts):
// stages top to bottom under a red banner, each stage's parallel groups one after another, the items
// of a parallel group side by side inside a dashed frame, arrows between them.
import { Fragment } from 'react';
import type { CatalogItemDto } from '../../../shared/api/index';
import { LIMIT_UNITS } from '../../../shared/domain/enums';
import { stageHeading, templateStages, type TemplateItem } from '../../../shared/domain/template-versions';
import { label } from '../../ui/format';

const Arrow = () => <div className="tpl-flow-arrow" aria-hidden>↓</div>;

export function FlowPreview({ items, catalogue }: { items: readonly TemplateItem[]; catalogue: ReadonlyMap<string, CatalogItemDto> }) {
  const stages = templateStages(items);
  if (!stages.length) return <p className="muted">模板中还没有事项</p>;
  return (
    <div className="tpl-flow" data-testid="template-flow">
      {stages.map((st, si) => (
        <Fragment key={st.stage}>
          {si > 0 && <Arrow />}
          <div className="tpl-flow-stage" data-stage={st.stage}>
            <span>{stageHeading(st.stage)}</span>
            <span>{st.groups.reduce((n, g) => n + g.items.length, 0)} 项</span>
          </div>
          {st.groups.map((g) => (
            <Fragment key={g.group}>
              <Arrow />
              <div className={g.items.length > 1 ? 'tpl-flow-group parallel' : 'tpl-flow-group'} data-testid="template-flow-group">
                {g.items.length > 1 && <div className="tpl-flow-caption">并联办理（{g.items.length} 项同时办理）</div>}
                <div className="tpl-flow-row">
                  {g.items.map((it) => {
                    const c = catalogue.get(it.catalogCode);
                    return (
                      <div className="tpl-flow-box" key={it.catalogCode} title={c?.name ?? it.catalogCode}>
                        <b>{c?.name ?? it.catalogCode}</b>
                        <small>{c?.department ?? ''}</small>
                        {c && <small>承诺 {c.promisedLimit} {label(LIMIT_UNITS, c.limitUnit)}</small>}
                      </div>
                    );
                  })}
                </div>
              </div>
            </Fragment>
          ))}
        </Fragment>
      ))}
    </div>
  );
}
