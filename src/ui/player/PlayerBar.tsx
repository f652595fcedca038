/**
 * The player bar: transport buttons (from the command registry), the scrubber, speed, motion, view.
 * It plays any deck (`player`: the flow of KMS calls, or the decision view's pipeline); while it is
 * on screen, its deck is the active player, so the keyboard shortcuts drive it.
 */
import { useId } from 'react';
import { useLab, SPEEDS, type PlayerId } from '../../store';
import { reachOf } from '../../timeline';
import { useCommand } from '../commands/useCommands';
import { allCommands } from '../commands/registry';
import { BreakpointIcon, GraphIcon, PauseIcon, PlayIcon, SkipEndIcon, SkipStartIcon, StepBackIcon, StepForwardIcon, TranscriptIcon } from '../common/icons';
import { useClaimPlayer } from './hooks';
import type { ComponentType, SVGProps } from 'react';
import './player.css';

function CommandButton({ id, icon: Icon, primary }: { id: string; icon: ComponentType<SVGProps<SVGSVGElement> & { size?: number }>; primary?: boolean }) {
  const c = useCommand(id);
  const hint = c.keys.length ? `${c.label} (${c.keys.join(' ')})` : c.label;
  return (
    <button
      type="button"
      className={`btn btn-icon ${primary ? 'btn-primary pl-play' : 'btn-ghost'}`}
      onClick={c.run}
      disabled={!c.available}
      aria-label={c.label}
      aria-keyshortcuts={c.keys.map((k) => (k === '←' ? 'ArrowLeft' : k === '→' ? 'ArrowRight' : k)).join(' ') || undefined}
      title={hint}
    >
      <Icon size={primary ? 20 : 18} />
    </button>
  );
}

function PlayPause({ player }: { player: PlayerId }) {
  const playing = useLab((s) => s.decks[player].playing);
  return <CommandButton id="player.playPause" icon={playing ? PauseIcon : PlayIcon} primary />;
}

function Shortcuts() {
  const list = allCommands().filter((c) => c.keys?.length);
  return (
    <details className="pl-help">
      <summary>Shortcuts</summary>
      <dl className="pl-help__list">
        {list.map((c) => (
          <div key={c.id}>
            <dt>
              {c.keys!.map((k) => (
                <kbd key={k}>{k}</kbd>
              ))}
            </dt>
            <dd>{typeof c.label === 'string' ? c.label : c.id === 'player.playPause' ? 'Play / pause' : c.id === 'player.toggleView' ? 'Graph / transcript' : 'Pause before authorization (toggle)'}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

export interface PlayerBarProps {
  /** The deck it plays (default: the flow of KMS calls). */
  player?: PlayerId;
  /** The toolbar's accessible name. */
  label?: string;
  /** What the picture is called in the view switch ("Graph" for a flow, "Pipeline" for a decision). */
  pictureLabel?: string;
  /** Offer "Pause before authorize" (flows of KMS calls). */
  breakOnAuthorize?: boolean;
  className?: string;
}

/**
 * The flow's level of detail, on screen (and D on the keyboard): every check the engine made, or
 * one idea per step — the routine request checks folded into one "checks pass" step, as presenting
 * shows a flow to a class. Switching keeps the learner at the same point of the flow.
 */
function DetailToggle() {
  const detail = useLab((s) => s.detail);
  const setDetail = useLab((s) => s.setDetail);
  return (
    <div className="pl-seg pl-detail-toggle" role="group" aria-label="Detail (D)">
      <button type="button" className="btn btn-sm" aria-pressed={detail === 'full'} onClick={() => setDetail('full')} title="Every check the engine made, one per step (D switches)">
        Every check
      </button>
      <button type="button" className="btn btn-sm" aria-pressed={detail === 'class'} onClick={() => setDetail('class')} title="One idea per step: the routine checks folded into one (D switches)">
        One idea per step
      </button>
    </div>
  );
}

export function PlayerBar({ player = 'flow', label = 'Step player', pictureLabel = 'Graph', breakOnAuthorize = player === 'flow', className }: PlayerBarProps) {
  useClaimPlayer(player);
  const deck = useLab((s) => s.decks[player]);
  const steps = deck.steps;
  const cursor = deck.cursor;
  const reach = reachOf(deck);
  const dispatch = useLab((s) => s.player);
  const speed = useLab((s) => s.speed);
  const setSpeed = useLab((s) => s.setSpeed);
  const motionPref = useLab((s) => s.motionPref);
  const setMotionPref = useLab((s) => s.setMotionPref);
  const view = useLab((s) => s.flowView);
  const setView = useLab((s) => s.setFlowView);
  const breakOn = useLab((s) => s.breakOn);
  const toggleBreakOn = useLab((s) => s.toggleBreakOn);
  const id = useId();
  const n = steps.length;
  const step = steps[cursor];
  const disabled = n === 0;
  const held = n > 0 && reach < n - 1;
  return (
    <div className={`pl-bar${className ? ` ${className}` : ''}`} role="toolbar" aria-label={label}>
      <div className="pl-transport">
        <CommandButton id="player.first" icon={SkipStartIcon} />
        <CommandButton id="player.back" icon={StepBackIcon} />
        <PlayPause player={player} />
        <CommandButton id="player.forward" icon={StepForwardIcon} />
        <CommandButton id="player.last" icon={SkipEndIcon} />
      </div>
      <div className="pl-scrub">
        <label htmlFor={`${id}-scrub`} className="sr-only">
          Step
        </label>
        <input
          id={`${id}-scrub`}
          className="pl-range"
          type="range"
          min={1}
          max={Math.max(1, n)}
          step={1}
          value={n ? cursor + 1 : 1}
          disabled={disabled}
          aria-valuetext={step ? `Step ${cursor + 1} of ${n}: ${step.title}` : 'No steps'}
          aria-describedby={held ? `${id}-held` : undefined}
          onChange={(e) => {
            dispatch(player, { type: 'pause' });
            dispatch(player, { type: 'seek', cursor: Number(e.target.value) - 1 });
          }}
        />
        <span className="pl-count mono" aria-hidden="true">
          {n ? `${cursor + 1} / ${n}` : '– / –'}
        </span>
        {held && (
          <span id={`${id}-held`} className="sr-only">
            The last step is hidden until you predict.
          </span>
        )}
      </div>
      <div className="pl-options">
        <label className="pl-field">
          <span>Speed</span>
          <select className="select pl-speed" value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        {breakOnAuthorize && (
          <button type="button" className={`btn btn-sm pl-toggle${breakOn.includes('authorize') ? ' is-on' : ''}`} aria-pressed={breakOn.includes('authorize')} onClick={() => toggleBreakOn('authorize')} title="Pause before every authorization step (B)">
            <BreakpointIcon size={15} /> Pause before authorize
          </button>
        )}
        <label className="pl-check">
          <input type="checkbox" checked={motionPref === 'reduce'} onChange={(e) => setMotionPref(e.target.checked ? 'reduce' : 'system')} />
          Reduced motion
        </label>
        {player === 'flow' && <DetailToggle />}
        <div className="pl-seg" role="group" aria-label="View">
          <button type="button" className="btn btn-sm" aria-pressed={view === 'graph'} onClick={() => setView('graph')}>
            <GraphIcon size={15} /> {pictureLabel}
          </button>
          <button type="button" className="btn btn-sm" aria-pressed={view === 'transcript'} onClick={() => setView('transcript')}>
            <TranscriptIcon size={15} /> Transcript
          </button>
        </div>
        <Shortcuts />
      </div>
    </div>
  );
}
