/**
 * Evidence upload for the provider's legal team: choose a file, watch the SHA-256 being computed
 * in the browser and the bytes going up; after an interruption, "Resume upload" carries on from
 * what the exchange already holds.
 */
import { useRef, useState } from 'react';
import { ApiProblem } from '../api/problem';
import type { Evidence } from '../api/types';
import { formatBytes } from '../i18n/format';
import { useI18n } from '../i18n/i18n';
import { ProblemAlert } from '../ui/feedback';
import { onSignOut } from '../session/session';
import { forgetPendingUploads, hasPendingUpload, uploadEvidence, type UploadProgress } from './upload';
import { browserUploadTransport } from './upload-transport';

// Unfinished uploads are kept through a token expiry (to resume after signing in again), not a sign-out.
onSignOut(forgetPendingUploads);

export function EvidenceUploader({ orderId, onUploaded }: { orderId: string; onUploaded(evidence: Evidence): Promise<void> | void }) {
  const { t, lang } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [result, setResult] = useState<{ evidence: Evidence; browserSha256: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const start = async () => {
    const chosen = file ?? input.current?.files?.[0] ?? null;
    if (!chosen) {
      setProblem(null);
      input.current?.focus();
      return;
    }
    setFile(chosen);
    if (chosen.size === 0) {
      setProblem(new ApiProblem(0, 'EMPTY_FILE', '', t('evidence.empty')));
      return;
    }
    setBusy(true);
    setProblem(null);
    setResult(null);
    let browserSha256 = '';
    try {
      const evidence = await uploadEvidence(orderId, chosen, browserUploadTransport, (next) => {
        if (next.sha256) browserSha256 = next.sha256;
        setProgress(next);
      });
      setResult({ evidence, browserSha256 });
      setFile(null);
      if (input.current) input.current.value = '';
      await onUploaded(evidence);
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  const resumable = file !== null && problem !== null && hasPendingUpload(orderId, file);
  const percent = progress && progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0;

  return (
    <div className="uploader">
      <div className="field">
        <label htmlFor="evidence-file">{t('evidence.file')}</label>
        <input
          id="evidence-file"
          ref={input}
          type="file"
          disabled={busy}
          aria-describedby="evidence-file-hint"
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            setProgress(null);
            setProblem(null);
          }}
        />
        <p className="hint" id="evidence-file-hint">
          {t('evidence.hint')}
        </p>
      </div>
      <div className="button-row">
        <button type="button" className="button button--primary" disabled={busy || !file} onClick={() => void start()}>
          {resumable ? t('evidence.resume') : t('evidence.upload')}
        </button>
      </div>
      {progress && progress.phase !== 'done' && (
        <div className="progress">
          <label htmlFor="evidence-progress" id="evidence-progress-label">
            {progress.phase === 'hashing' ? t('evidence.hashing') : t('evidence.uploading')}
          </label>
          <progress id="evidence-progress" max={100} value={percent} aria-valuetext={`${percent} %`} />
          <span className="progress__text">
            {t('evidence.progress', { done: formatBytes(progress.done, lang), total: formatBytes(progress.total, lang), percent })}
          </span>
        </div>
      )}
      <div role="status" className="status-message">
        {result && (
          <>
            {t('evidence.uploaded', { name: result.evidence.filename })}{' '}
            {result.browserSha256 === result.evidence.sha256 ? t('evidence.digestMatches') : t('evidence.digestDiffers')}
          </>
        )}
      </div>
      {result && (
        <p className="digest">
          SHA-256 <code>{result.evidence.sha256}</code>
        </p>
      )}
      <ProblemAlert problem={problem} />
    </div>
  );
}
