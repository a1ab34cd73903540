import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import { listMembers, type PhoneMember } from './registry.ts';

// The members who joined on this phone, live (another tab may add or sign out one).
export const usePhoneMembers = (): PhoneMember[] | undefined => {
  const [members, setMembers] = useState<PhoneMember[]>();
  useEffect(() => {
    const sub = liveQuery(listMembers).subscribe({ next: setMembers, error: (e) => console.error('phone members not read', e) });
    return () => sub.unsubscribe();
  }, []);
  return members;
};
