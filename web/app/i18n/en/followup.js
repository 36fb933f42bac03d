/* The "Log follow-up" form (ui/followup-form.js), shared by the pages that log contacts. */
export default {
  'followup.title': 'Log follow-up',
  'followup.log': 'Log follow-up',
  'followup.saved': 'Follow-up logged',
  'followup.askNext': 'No next follow-up yet — schedule one?',
  'followup.suggestStage': 'Suggested: {date} — the deadline of the next stage, {stage} ({days} days).',
  'followup.suggestCadence': 'Suggested: {date} — the {tier} cadence (every {days} days).',
  'followup.doneSchedule': 'Done & schedule next',
  'followup.saveWithoutNext': 'Save without a next step',
};
