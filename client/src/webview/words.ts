// Plain sentences for the timeline: one per phase ("1 of 4 new instances take 25% of the traffic"),
// and the Markdown export for a change request. Pure (no DOM), so unit tests read them directly.
// Every number comes from the engine's timeline and runTotals.
import type { RunTotals, Timeline, TimelinePhase } from '../../../server/src/core/timeline/engine';
import { formatDuration, formatPercent } from '../../../server/src/cli/timeline-format';

export interface WordOptions {
  /** The percentage view: counts are percents of the fleet. */
  percent: boolean;
}

function noun(timeline: Timeline, count: number): string {
  if (timeline.unit === 'copy') return count === 1 ? 'copy' : 'copies';
  return count === 1 ? 'instance' : 'instances';
}

/** "3 instances", or "30% of the fleet" in the percentage view. */
export function amount(timeline: Timeline, count: number, options: WordOptions): string {
  return options.percent ? `${count}% of the fleet` : `${count} ${noun(timeline, count)}`;
}

/** What happens in one phase, in a sentence; `previous` is the phase before it (for what changed). */
export function phaseSentence(timeline: Timeline, phase: TimelinePhase, previous: TimelinePhase | undefined, options: WordOptions & { rollback?: boolean }): string {
  const duration = formatDuration(phase.endSeconds - phase.startSeconds);
  const traffic = formatPercent(phase.greenTrafficPercent);
  const fleet = timeline.fleetSize;
  const newServing = options.percent ? `${phase.greenServingInstances}% of the fleet (new)` : `${phase.greenServingInstances} of ${fleet} new ${noun(timeline, fleet)}`;
  if (options.rollback) {
    switch (phase.kind) {
      case 'provision':
        return `Provision ${amount(timeline, phase.blueInstances - (previous?.blueInstances ?? phase.blueInstances), options)} of the old version again, so the old fleet can take the traffic back (${duration}).`;
      case 'shift':
        return `Traffic back to the old version: ${traffic} stays on the new one.`;
      default:
        return `${amount(timeline, (previous?.greenInstances ?? phase.greenInstances) - phase.greenInstances, options)} of the new version terminated.`;
    }
  }
  switch (phase.kind) {
    case 'provision':
      return timeline.updateType === 'blue-green'
        ? `Provision the whole new fleet (${amount(timeline, phase.greenInstances, options)}) next to the old one; no traffic on it yet (${duration}).`
        : `Provision ${amount(timeline, phase.greenInstances - phase.greenServingInstances, options)} of the new version next to the ${options.percent ? 'old fleet' : `${phase.blueInstances} old`}; no traffic on ${phase.greenInstances - phase.greenServingInstances === 1 ? 'it' : 'them'} yet.`;
    case 'shift':
      return `${newServing} take${phase.greenServingInstances === 1 && !options.percent ? 's' : ''} ${traffic} of the traffic.`;
    case 'bake':
      return phase.endSeconds === phase.startSeconds
        ? `No baking period (the wait is 0 s): alarms have no time to trip before the next step.`
        : `Alarms watched for ${duration}, with ${traffic} of the traffic on the new version.`;
    case 'termination-wait':
      return phase.endSeconds === phase.startSeconds
        ? 'No termination wait (0 s): the old fleet goes right away.'
        : `Termination wait: the old fleet (${amount(timeline, phase.blueInstances, options)}) stays up ${duration} without traffic, ready for a rollback.`;
    case 'terminate':
      return timeline.updateType === 'blue-green'
        ? `Old fleet terminated (${amount(timeline, previous?.blueInstances ?? fleet, options)}).`
        : `${amount(timeline, (previous?.blueInstances ?? phase.blueInstances) - phase.blueInstances, options)} of the old version terminated; ${options.percent ? `${phase.blueInstances}% of the fleet` : phase.blueInstances} old still serve${phase.blueInstances === 1 && !options.percent ? 's' : ''} ${formatPercent(100 - phase.greenTrafficPercent)}.`;
  }
}

/** Markdown for a change request: the config, the totals, and the phases as a table with a sentence each. */
export function timelineMarkdown(input: { title: string; location: string; timeline: Timeline; totals: RunTotals; percent: boolean; alarmNames: readonly string[]; rollbackPhases?: readonly TimelinePhase[] }): string {
  const { timeline: t, totals } = input;
  const options = { percent: input.percent };
  const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [`### Rollout: ${cell(input.title)}`, '', `${cell(input.location)}; fleet: ${input.percent ? 'unknown (in percent of the fleet)' : amount(t, t.fleetSize, options)}.`, ''];
  lines.push('| | |', '|---|---|');
  lines.push(`| ${totals.alarmBake !== undefined ? `Total with an alarm in bake ${totals.alarmBake}` : 'Total duration'} | ${formatDuration(totals.totalSeconds)} |`);
  lines.push(`| 100% on the new fleet at | ${totals.timeToFullTrafficSeconds === null ? 'never' : formatDuration(totals.timeToFullTrafficSeconds)} |`);
  lines.push(`| Old fleet terminated at | ${totals.oldFleetTerminatedAtSeconds === null ? 'never (rolled back)' : formatDuration(totals.oldFleetTerminatedAtSeconds)} |`);
  lines.push(`| Total waiting | ${formatDuration(totals.totalWaitSeconds)} |`);
  if (t.maximumExecutionTimeoutSeconds !== undefined) lines.push(`| Execution timeout | ${formatDuration(t.maximumExecutionTimeoutSeconds)} (${totals.fitsTimeout ? 'fits' : 'too short'}) |`);
  lines.push(`| Peak | ${input.percent ? `${totals.peakInstances}% of the fleet` : amount(t, totals.peakInstances, options)} |`);
  lines.push(`| Rollback alarms | ${input.alarmNames.length ? input.alarmNames.map((name) => `\`${cell(name)}\``).join(', ') : 'none'} |`, '');
  lines.push('| Start | Step | What happens |', '|---|---|---|');
  const row = (phase: TimelinePhase, previous: TimelinePhase | undefined, rollback: boolean): string =>
    `| ${formatDuration(phase.startSeconds)} | ${rollback ? `rollback ${phase.rollbackBatch ?? 1}` : phase.step} | ${cell(phaseSentence(t, phase, previous, { ...options, rollback }))} |`;
  const phases = totals.alarmBake !== undefined ? t.phases.filter((p) => p.endSeconds <= (t.bakes.find((b) => b.bake === totals.alarmBake)?.endSeconds ?? 0) && p.step <= totals.alarmBake! && !(p.step === totals.alarmBake && p.kind === 'terminate')) : t.phases;
  phases.forEach((phase, i) => {
    if (t.omittedSteps && phase.step === t.omittedSteps.last + 1 && phases[i - 1]?.step !== phase.step) lines.push(`| ${formatDuration(t.omittedSteps.startSeconds)} | ${t.omittedSteps.first}-${t.omittedSteps.last} | the same steps again (not listed) |`);
    lines.push(row(phase, phases[i - 1], false));
  });
  (input.rollbackPhases ?? []).forEach((phase, i, all) => lines.push(row(phase, all[i - 1] ?? phases[phases.length - 1], true)));
  return lines.join('\n') + '\n';
}
