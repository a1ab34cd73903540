import { addDays, differenceInCalendarDays, lightFormat, startOfDay, startOfWeek } from 'date-fns';

// Calendar dates as the commune lives them ('YYYY-MM-DD' in the phone's local time), through date-fns.
export const isoDay = (d: Date | number): string => lightFormat(d, 'yyyy-MM-dd');
export const todayIso = (): string => isoDay(Date.now());
export const isoInDays = (days: number, from: Date | number = Date.now()): string => isoDay(addDays(from, days));
export const daysUntil = (iso: string, from: Date | number = Date.now()): number => differenceInCalendarDays(new Date(`${iso}T00:00:00`), from);
export const dayStart = (d: Date | number = Date.now()): number => startOfDay(d).getTime();
export const weekStart = (d: Date | number = Date.now()): number => startOfWeek(d, { weekStartsOn: 1 }).getTime();
