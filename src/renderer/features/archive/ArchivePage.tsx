// 档案与备份 (admins): export case archives (专属档案) to a USB drive, check an archive, and the
// store's backups. An export runs in the backend; this page follows it until it ends.
import { Alert } from 'antd';
import { useState } from 'react';
import { mayCall } from '../../lib/access';
import { useSession } from '../../lib/session';
import { BackupsCard } from './BackupsCard';
import { ExportForm } from './ExportForm';
import { ExportProgress } from './ExportProgress';
import { VerifyCard } from './VerifyCard';

export function ArchivePage({ caseId }: { caseId?: string | undefined }) {
  const [job, setJob] = useState<{ jobId: string; password: string | null } | null>(null);
  const user = useSession((s) => s.user)!;
  // The menu hides the page from others; an address typed by hand gets a word instead of errors.
  if (!mayCall('archive.start', user)) return <div className="page"><Alert type="warning" showIcon message="档案导出和数据备份只有管理员可以使用" data-testid="archive-forbidden" /></div>;
  return (
    <div className="page" data-testid="archive-page">
      <div className="page-title"><h2>档案与备份</h2></div>
      {job
        ? <ExportProgress jobId={job.jobId} password={job.password} onClose={() => setJob(null)} />
        : <ExportForm initialCaseId={caseId} onStarted={setJob} />}
      <VerifyCard />
      <BackupsCard />
    </div>
  );
}
