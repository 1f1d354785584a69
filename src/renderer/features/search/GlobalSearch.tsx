// Instant search in the header: cases, applicants, projects as you type (2-character names too).
// Keyboard: Ctrl+K focuses, ↑/↓ choose, Enter opens, Esc closes; Enter with nothing chosen opens
// the full results page.
import { Input } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { SearchResultDto } from '../../../shared/api/index';
import { api } from '../../lib/api';
import { go } from '../../lib/router';
import type { Route } from '../../lib/router';
import { CASE_STATUSES } from '../../../shared/domain/enums';
import { label } from '../../ui/format';

interface Row { key: string; group: string; title: string; sub: string; route: Route; status?: SearchResultDto['cases'][number]['status'] }

export function rowsOf(r: SearchResultDto): Row[] {
  const rows: Row[] = [];
  for (const c of r.cases) rows.push({ key: `c${c.id}`, group: '案卷', title: `${c.caseNo}\u3000${c.title}`, sub: c.applicantName, route: { page: 'case', id: c.id }, status: c.status });
  for (const p of r.projects) if (p.caseId) rows.push({ key: `p${p.id}`, group: '项目', title: p.name, sub: [p.code, p.caseNo].filter(Boolean).join(' · '), route: { page: 'case', id: p.caseId } });
  for (const a of r.applicants) rows.push({ key: `a${a.id}`, group: '申请人', title: a.name, sub: a.uscc ?? a.idNumber ?? '', route: { page: 'search', q: a.name } });
  return rows;
}

export function GlobalSearch() {
  const [q, setQ] = useState('');
  const [result, setResult] = useState<(SearchResultDto & { term: string }) | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const seq = useRef(0);
  const warmed = useRef(false);
  // The first search of a session pays for cold paths (the request, its JSON, the index): a
  // throwaway query when the box first gets focus pays it before the first keystroke instead.
  const warmUp = () => {
    if (warmed.current) return;
    warmed.current = true;
    api.call('search.query', { q: '服务', limit: 1 }).catch(() => undefined);
  };

  useEffect(() => {
    const term = q.trim();
    if (!term) {
      setResult(null);
      return;
    }
    // No debounce: a query answers in about a millisecond, so every keystroke asks at once and an
    // answer to an older term is dropped (a 30 ms wait was most of what the clerk felt).
    const my = ++seq.current;
    api.call('search.query', { q: term, limit: 8 }).then((r) => {
      if (my === seq.current) {
        // Rendered in this task, not a scheduler task later: the answer is on screen a frame sooner.
        flushSync(() => {
          setResult({ ...r, term });
          setActive(-1);
        });
      }
    }).catch(() => undefined);
  }, [q]);

  const rows = useMemo(() => (result ? rowsOf(result) : []), [result]);
  const choose = (row: Row | undefined) => {
    if (row) go(row.route);
    else if (q.trim()) go({ page: 'search', q: q.trim() });
    setOpen(false);
  };

  return (
    <div style={{ position: 'relative', width: 420 }}>
      <Input
        id="global-search"
        allowClear
        placeholder="搜索案卷编号、申请人、项目、身份证号…（Ctrl+K）"
        value={q}
        onChange={(e) => { setQ(e.target.value); setOpen(true); }}
        onFocus={() => { setOpen(true); warmUp(); }}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') { e.preventDefault(); setActive((a) => Math.min(rows.length - 1, a + 1)); }
          else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(-1, a - 1)); }
          else if (e.key === 'Enter') choose(rows[active]);
          else if (e.key === 'Escape') setOpen(false);
        }}
      />
      {open && q.trim() && result && (
        <div className="search-pop ant-dropdown-menu" data-testid="search-results" data-term={result.term} style={{ position: 'absolute', top: 30, left: 0, zIndex: 1000, background: '#fff', boxShadow: '0 6px 16px rgba(0,0,0,.15)', borderRadius: 6, color: '#222' }}>
          {rows.length === 0 && <div className="search-row muted">没有找到“{q.trim()}”</div>}
          {rows.map((r, i) => (
            <div key={r.key}>
              {(i === 0 || rows[i - 1]!.group !== r.group) && <div className="search-group">{r.group}</div>}
              <div className={`search-row${i === active ? ' active' : ''}`} onMouseDown={() => choose(r)}>
                <span style={{ flex: 1 }}>{r.title}</span>
                <span className="muted">{r.sub}</span>
                {r.status && <span className={`search-status status-${r.status}`}>{label(CASE_STATUSES, r.status)}</span>}
              </div>
            </div>
          ))}
          <div className="search-group" style={{ textAlign: 'right', paddingBottom: 6 }}>用时 {result.tookMs} 毫秒 · 回车查看全部</div>
        </div>
      )}
    </div>
  );
}
