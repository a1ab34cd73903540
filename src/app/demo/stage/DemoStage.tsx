import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { DemoWorld } from '../../../core/demo/world.ts';
import { GROUPS } from '../../../core/sample/demo-names.ts';
import { currentLang, setLanguage, useT } from '../../i18n/i18n.ts';
import type { RouteProps } from '../../router.ts';
import { getDb } from '../../store/active-db.ts';
import { errorText } from '../../ui/issues.ts';
import { presenterKey, type PresenterKey } from '../keys.ts';
import { DEMO_FLAG } from '../mode.ts';
import { setSignal, signalOn } from '../signal.ts';
import { phoneBridge, setStageBridge } from '../strip/bridge.ts';
import { useSignal } from '../strip/DemoStrip.tsx';
import { DemoDashboard } from './DemoDashboard.tsx';
import { News } from './News.tsx';
import { PhoneFrame, type PhoneFit } from './PhoneFrame.tsx';
import { DayButton } from './DayButton.tsx';
import { ExportPanel } from './ExportPanel.tsx';
import { Focus } from './Focus.tsx';
import { OfflineChecklist } from './OfflineChecklist.tsx';
import { PhonePanel } from './PhonePanel.tsx';
import { useProjector } from './projector.ts';
import { ProvincePanel } from './ProvincePanel.tsx';
import { ResetDialog } from './ResetDialog.tsx';
import { ShortcutHelp } from './ShortcutHelp.tsx';
import { SignalSwitch } from './SignalSwitch.tsx';
import { Spotlight } from './Spotlight.tsx';
import { StageBar } from './StageBar.tsx';
import { STEPS, type StepContext } from './steps.ts';
import { useDemoReport, type PeriodChoice } from './useDemoReport.ts';
import { useDemoProvince } from './useDemoProvince.ts';
import { useHost } from './useHost.ts';
import { usePhoneState } from './usePhoneState.ts';
import { Walkthrough } from './Walkthrough.tsx';
import './stage.css';

// The trainer's stage (/demo): the real field app in a phone frame beside the commune dashboard, fed by the demo
// server in this page; the signal switch, the walkthrough, projector mode and the presenter's keys.
export const DemoStage = (_: RouteProps) => {
  const t = useT('demo');
  const isStage = document.documentElement.classList.contains('demo-stage');
  useEffect(() => {
    // Opened from the field app's menu: demo mode starts on a fresh page, with its own database.
    if (isStage) return;
    try {
      localStorage.setItem(DEMO_FLAG, '1');
    } catch {
      // the /demo address alone turns demo mode on
    }
    location.replace(location.pathname + location.search);
  }, []);
  useEffect(
    () => () => {
      // Left the stage within this page (Back): this page was set up as the stage, so start it again as what it is now.
      if (isStage && !/^\/demo(\/|$)/.test(location.pathname)) location.reload();
    },
    [],
  );
  return isStage ? <Stage /> : <p class="loading">{t('loading')}</p>;
};

const WALK_KEY = 'tn.demo.walk';
const readWalk = (): { open: boolean; index: number } => {
  try {
    const w = JSON.parse(sessionStorage.getItem(WALK_KEY) ?? '') as { open: boolean; index: number };
    return { open: !!w.open, index: Math.min(STEPS.length - 1, Math.max(0, Number(w.index) || 0)) };
  } catch {
    return { open: new URLSearchParams(location.search).has('walk'), index: 0 };
  }
};

// A name for "Tham gia nhanh", in the village's own naming.
const quickName = (world: DemoWorld, villageId: string): string => {
  const g = GROUPS[world.commune.groups[villageId] ?? 'kinh'];
  return `${g.surnames[0]} ${g.f.middle[0]} ${g.f.given[0]}`;
};

const Stage = () => {
  const t = useT('demo');
  const { host, error } = useHost();
  const [world, setWorld] = useState<DemoWorld>();
  const [projector, setProjector] = useProjector();
  const signal = useSignal();
  const phone = usePhoneState();
  const [choice, setChoice] = useState<PeriodChoice>('recent');
  const figures = useDemoReport(host, choice);
  const frame = useRef<HTMLIFrameElement>(null);
  const [frameSrc, setFrameSrc] = useState<string>();
  const [frameKey, setFrameKey] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const [fit, setFit] = useState<PhoneFit>({ scale: 1 });
  const [dayLogged, setDayLogged] = useState<number>();
  const [dayBusy, setDayBusy] = useState(false);
  const [villageId, setVillageId] = useState<string>();
  const [walk, setWalkState] = useState(readWalk);
  const [help, setHelp] = useState(false);
  const [blank, setBlank] = useState(false);
  const [resetting, setResetting] = useState(false);
  const [askReset, setAskReset] = useState(false);
  const [joining, setJoining] = useState(false);
  const [joinError, setJoinError] = useState<string>();
  const [exported, setExported] = useState(false);
  const [loggedOffline, setLoggedOffline] = useState(false);
  const [wentOffline, setWentOffline] = useState(false);
  const [phonePath, setPhonePath] = useState('');

  const setWalk = (w: { open: boolean; index: number }) => {
    const next = { open: w.open, index: Math.min(STEPS.length - 1, Math.max(0, w.index)) };
    setWalkState(next);
    try {
      sessionStorage.setItem(WALK_KEY, JSON.stringify(next));
    } catch {
      // not kept across reloads
    }
  };

  useEffect(() => {
    if (!host) return;
    const load = () => void host.server().then((s) => setWorld(s.world));
    load();
    return host.subscribe((e) => e.kind === 'reset' && load());
  }, [host]);

  const invite = world && (world.invites.find((i) => i.villageId === villageId) ?? world.invites[1] ?? world.invites[0]);
  // The phone opens where a new member would: the join screen with the code filled in, as from the invite's QR. It
  // starts loading at once; the code follows as soon as the server has built the commune.
  useEffect(() => {
    if (frameSrc === undefined && phone) setFrameSrc(phone.joined ? '/' : invite ? `/join?code=${invite.code}` : '/join');
  }, [phone !== undefined]);
  const phoneReady = loaded && phonePath !== '';
  useEffect(() => {
    if (!phoneReady || !invite || phone?.joined) return;
    if (phoneBridge(frame.current)?.path() === '/join') phoneBridge(frame.current)?.navigate(`/join?code=${invite.code}`, { replace: true });
  }, [phoneReady, invite?.code]);

  // What the phone shows now, for the walkthrough: the phone says so on every move (onPhonePath below); this only
  // notices a phone page that went away.
  useEffect(() => {
    const id = setInterval(() => {
      const p = phoneBridge(frame.current)?.path() ?? '';
      setPhonePath((old) => (old === p ? old : p));
    }, 1000);
    return () => clearInterval(id);
  }, []);

  // What the story has shown so far (kept until reset): the phone lost signal, and logged a visit without it.
  useEffect(() => {
    if (!signal && phone?.joined) setWentOffline(true);
    if (!signal && (phone?.byName['visit.add'] ?? 0) > 0) setLoggedOffline(true);
  }, [signal, phone?.joined, phone?.byName['visit.add']]);

  const projectorRef = useRef({ on: projector, rootPx: fit.rootPx });
  projectorRef.current = { on: projector, rootPx: fit.rootPx };
  useEffect(() => {
    phoneBridge(frame.current)?.setProjector(projector, fit.rootPx);
  }, [projector, phoneReady, fit.rootPx]);

  const ctx: StepContext = useMemo(() => {
    const villages = phone?.member?.villageIds ?? [];
    return {
      phone,
      signal,
      phonePath,
      inviteCode: invite?.code ?? '',
      seedHouseholds: world ? world.commune.households.filter((h) => villages.includes(h.villageId)).length : 0,
      wentOffline,
      loggedOffline,
      dayLogged: dayLogged !== undefined,
      received: !!figures?.arrival,
      exported,
    };
  }, [phone, signal, phonePath, invite?.code, world, wentOffline, loggedOffline, dayLogged, figures?.arrival, exported]);

  // Entering a step takes the phone to the screen it is about.
  useEffect(() => {
    if (!walk.open || !phoneReady) return;
    const path = STEPS[walk.index].go?.(ctx);
    if (path && path !== phonePath) phoneBridge(frame.current)?.navigate(path);
  }, [walk.open, walk.index, phoneReady]);

  // Ready: the commune built and on the dashboard, and the phone showing its first screen (with the code, if any).
  const phoneSettled = phoneReady && (phone?.joined || phonePath.includes('code='));
  useEffect(() => {
    if (world && figures && phone && phoneSettled && !document.documentElement.dataset.demoReady) {
      document.documentElement.dataset.demoReady = 'true';
      performance.mark?.('demo-ready');
    }
  }, [!!world, !!figures, !!phone, phoneSettled]);

  const toggleLanguage = async () => {
    const next = currentLang() === 'vi' ? 'en' : 'vi';
    await setLanguage(next);
    await phoneBridge(frame.current)?.setLanguage(next);
  };

  const quickJoin = async () => {
    if (!world || !invite) return;
    setJoining(true);
    setJoinError(undefined);
    try {
      const { joinTeam } = await import('../../sync/join.ts');
      await joinTeam(getDb(), { code: invite.code, displayName: quickName(world, invite.villageId) });
      const bridge = phoneBridge(frame.current);
      bridge?.navigate('/', { force: true, replace: true });
      await bridge?.syncNow();
    } catch (e) {
      setJoinError(errorText(t, e));
    } finally {
      setJoining(false);
    }
  };

  // Back to the seed exactly: the phone is emptied (it forgets it joined), the server returns to its seed, the signal
  // comes back on, and the phone opens on the join screen again.
  const reset = async () => {
    if (!host || resetting) return;
    setResetting(true);
    try {
      await phoneBridge(frame.current)?.stopSync();
      setLoaded(false);
      setPhonePath('');
      setFrameSrc('about:blank');
      const db = getDb();
      await db.transaction('rw', db.tables, () => Promise.all(db.tables.map((x) => x.clear())));
      await host.reset();
      setSignal(true);
      setExported(false);
      setDayLogged(undefined);
      setLoggedOffline(false);
      setWentOffline(false);
      setFrameSrc(`/join?code=${invite?.code ?? ''}`);
      setFrameKey((k) => k + 1);
      if (walk.open) setWalk({ open: true, index: 0 });
    } finally {
      setResetting(false);
    }
  };

  const exit = async () => {
    await phoneBridge(frame.current)?.stopSync().catch(() => undefined);
    try {
      localStorage.removeItem(DEMO_FLAG);
    } catch {
      // nothing kept
    }
    location.assign('/');
  };

  const fullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen?.();
    else void document.documentElement.requestFullscreen?.().catch(() => undefined);
  };

  const onKey = (k: PresenterKey): boolean => {
    if (blank) {
      setBlank(false);
      return true;
    }
    switch (k.key) {
      case 'PageDown':
      case 'ArrowRight':
      case 'ArrowDown':
        if (!walk.open) {
          if (k.key !== 'PageDown') return false;
          setWalk({ open: true, index: walk.index });
        } else setWalk({ open: true, index: walk.index + 1 });
        return true;
      case 'PageUp':
      case 'ArrowLeft':
      case 'ArrowUp':
        if (!walk.open) return false;
        setWalk({ open: true, index: walk.index - 1 });
        return true;
      case 'Home':
      case 'End':
        if (!walk.open) return false;
        setWalk({ open: true, index: k.key === 'Home' ? 0 : STEPS.length - 1 });
        return true;
      case 's':
      case 'S':
        setSignal(!signalOn());
        return true;
      case 'w':
      case 'W':
        setWalk({ open: !walk.open, index: walk.index });
        return true;
      case 'p':
      case 'P':
        setProjector(!projector);
        return true;
      case 'l':
      case 'L':
        void toggleLanguage();
        return true;
      case 'f':
      case 'F':
        fullscreen();
        return true;
      case 'b':
      case 'B':
      case '.':
        setBlank(true);
        return true;
      case '?':
        setHelp(true);
        return true;
      case 'R':
        if (!k.shift) return false;
        setAskReset(true);
        return true;
      case 'Escape':
        if (help) return false; // the dialog closes itself
        return false;
      default:
        return false;
    }
  };
  const keyRef = useRef(onKey);
  keyRef.current = onKey;
  useEffect(() => {
    const l = (e: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      const k = presenterKey(e, document.activeElement);
      if (k && keyRef.current(k)) e.preventDefault();
    };
    document.addEventListener('keydown', l);
    setStageBridge({ onKey: (k) => !document.querySelector('dialog[open]') && keyRef.current(k), onPhonePath: setPhonePath, projector: () => projectorRef.current });
    return () => {
      document.removeEventListener('keydown', l);
      setStageBridge(undefined);
    };
  }, []);
  const province = useDemoProvince(host, choice, walk.open && STEPS[walk.index].focus === 'province', figures?.version);

  if (error)
    return (
      <div class="panel">
        <h1>{t('failed.title')}</h1>
        <p>{t('failed.body')}</p>
      </div>
    );
  const step = STEPS[walk.index];
  const dayButton = walk.open && step.focus === 'outbox' && phone?.joined && (!signal || dayLogged !== undefined) && (
    <DayButton onLog={() => void logDay()} busy={dayBusy} logged={dayLogged} signal={signal} />
  );
  const phonePanel = world && (
    <PhonePanel
      world={world}
      phone={phone}
      signal={signal}
      villageId={invite?.villageId ?? ''}
      onVillage={(id) => {
        setVillageId(id);
        const code = world.invites.find((i) => i.villageId === id)?.code;
        if (code && !phone?.joined) phoneBridge(frame.current)?.navigate(`/join?code=${code}`, { replace: true });
      }}
      onQuickJoin={() => void quickJoin()}
      joining={joining}
      joinError={joinError}
    >
      {dayButton}
    </PhonePanel>
  );
  const logDay = async () => {
    setDayBusy(true);
    try {
      setDayLogged((await phoneBridge(frame.current)?.logDay()) ?? 0);
    } finally {
      setDayBusy(false);
    }
  };
  return (
    <div
      class={`demo-stage${projector ? ' is-projector' : ''}${walk.open ? ' is-walk' : ''}`}
      style={{ '--phone-scale': String(fit.scale) }}
      data-computed-ms={figures ? figures.computedIn.toFixed(1) : undefined}
    >
      <StageBar
        walkOpen={walk.open}
        onWalk={() => setWalk({ open: !walk.open, index: walk.index })}
        projector={projector}
        onProjector={() => setProjector(!projector)}
        onReset={() => setAskReset(true)}
        resetting={resetting}
        onLanguage={() => void toggleLanguage()}
        onKeys={() => setHelp(true)}
        onFullscreen={fullscreen}
        onExit={() => void exit()}
        signalInBar={!projector}
      />
      <div class="ds-body">
        <section class="ds-phone-col" aria-label={t('phone.label')}>
          {projector && <SignalSwitch />}
          {frameSrc && (
            <PhoneFrame key={frameKey} src={frameSrc} frameRef={frame} projector={projector} onFit={setFit} onLoad={() => setLoaded(frameSrc !== 'about:blank')} />
          )}
        </section>
        {walk.open ? (
          <Focus
            focus={step.focus}
            walk={<Walkthrough index={walk.index} ctx={ctx} onStep={(i) => setWalk({ open: true, index: i })} onClose={() => setWalk({ open: false, index: walk.index })} />}
            figures={figures}
            phone={phone}
            phonePanel={phonePanel}
            provincePanel={<ProvincePanel report={province} communeId={world?.commune.commune.id ?? ''} />}
            exportPanel={<ExportPanel report={figures?.report} targets={world?.commune.targets ?? []} onExported={() => setExported(true)} />}
          />
        ) : (
          <div class="ds-scroll">
            <OfflineChecklist />
            <div class="ds-flow-row">
              {phonePanel}
              <News arrival={figures?.arrival} report={figures?.report} />
            </div>
            <DemoDashboard figures={figures} targets={world?.commune.targets ?? []} choice={choice} onChoice={setChoice} onExported={() => setExported(true)} projector={projector} />
          </div>
        )}
      </div>
      {walk.open && <Spotlight spot={step.spot(ctx)} frame={frame} step={step.id} />}
      <ShortcutHelp open={help} onClose={() => setHelp(false)} />
      <ResetDialog
        open={askReset}
        phone={phone}
        added={Math.max(0, (phone?.households ?? 0) - ctx.seedHouseholds)}
        onCancel={() => setAskReset(false)}
        onConfirm={() => {
          setAskReset(false);
          void reset();
        }}
      />
      {blank && (
        <button type="button" class="ds-blank" onClick={() => setBlank(false)} aria-label={t('blank.back')}>
          <span class="sr-only">{t('blank.back')}</span>
        </button>
      )}
    </div>
  );
};
