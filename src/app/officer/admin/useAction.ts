import { useState } from 'preact/hooks';
import { CodedError, type FieldIssue } from '../../../core/errors.ts';
import { i18n } from '../../i18n/i18n.ts';
import { errorText } from '../../ui/issues.ts';

// Runs an admin change: while it runs `busy` names it; a refusal with field problems lands in `issues` (shown by
// the form), any other failure in `failure`; `done` says what just succeeded (announced politely).
export const useAction = () => {
  const [busy, setBusy] = useState<string | undefined>();
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [failure, setFailure] = useState<string | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const run = async <T>(name: string, fn: () => Promise<T>, success?: string | ((out: T) => string)): Promise<T | undefined> => {
    setBusy(name);
    setFailure(undefined);
    setDone(undefined);
    try {
      const out = await fn();
      setIssues([]);
      if (success) setDone(typeof success === 'function' ? success(out) : success);
      return out;
    } catch (e) {
      if (e instanceof CodedError && e.code === 'invalid' && e.issues?.length) setIssues(e.issues);
      else setFailure(errorText(i18n.t, e, 'officer'));
      return undefined;
    } finally {
      setBusy(undefined);
    }
  };
  return { busy, issues, failure, done, run, clear: () => (setIssues([]), setFailure(undefined)) };
};
