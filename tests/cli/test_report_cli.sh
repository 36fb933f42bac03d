#!/bin/sh
# CLI tests of genjin report (the weekly report, op metrics.weekly) on demo
# data with a fixed "now": headings in both languages, the follow-up count
# against metrics.compute for the same week, Markdown tables, one rep, one
# team, and the errors for a bad week, an unknown rep or team and a bad format.
# Usage: sh tests/cli/test_report_cli.sh path/to/genjin
set -u
G=${1:?usage: test_report_cli.sh path/to/genjin}
NAME=test_report_cli
. "$(dirname "$0")/lib.sh"

DB="$T/demo.db"
"$G" --db "$DB" demo --customers 200 --seed 7 --now 2025-06-04T10:00:00Z >/dev/null
check "demo data loads" [ $? -eq 0 ]
# conversion.followups of metrics.compute for 2025-W22 (Monday 26 May to Monday 2 June)
followups() {
  "$G" --db "$DB" call "{\"op\":\"metrics.compute\",\"args\":{\"from\":\"2025-05-26\",\"to\":\"2025-06-02\"$1}}" |
    sed -n 's/.*"followups":\([0-9]*\).*/\1/p'
}
N=$(followups "")
check "the week has follow-ups" [ "${N:-0}" -gt 0 ]

# Chinese, the workspace's default language
"$G" --db "$DB" report --week 2025-W22 >"$T/zh"; rc=$?
check "report exits 0" [ "$rc" -eq 0 ]
for h in "周报 2025-W22" "2025-05-26 至 2025-06-01 · 全体团队" "摘要" "核心指标" "本期" "上期" "变化" \
         "销售评分卡" "逾期跟进" "流失预警" "赢单率" "首次响应（中位数）"; do
  check "zh-CN heading $h" contains "$T/zh" "$h"
done
check "zh-CN follow-ups equal metrics.compute ($N)" contains "$T/zh" "本周跟进 $N 次"
check "money in yuan" grep -q '¥[0-9]' "$T/zh"
check "text has no pipe tables" sh -c "! grep -q '^| ' '$T/zh'"
check "text tables are underlined" grep -q '^----  ----' "$T/zh"

# English, asked for and then as the workspace's language
"$G" --db "$DB" report --week 2025-W22 --lang en >"$T/en"; rc=$?
check "--lang en exits 0" [ "$rc" -eq 0 ]
for h in "Weekly report 2025-W22" "2025-05-26 to 2025-06-01 · Whole team" "Summary" "Headline metrics" \
         "This period" "Period before" "Rep scorecard" "Overdue follow-ups" "Churn warnings"; do
  check "en heading $h" contains "$T/en" "$h"
done
check "en follow-ups equal metrics.compute ($N)" contains "$T/en" "This week $N follow-ups"
"$G" --db "$DB" call '{"op":"settings.set","args":{"locale":"en"}}' >/dev/null
"$G" --db "$DB" report --week 2025-W22 >"$T/en2"
check "settings.locale en makes the report English" cmp -s "$T/en" "$T/en2"
"$G" --db "$DB" call '{"op":"settings.set","args":{"locale":"zh-CN"}}' >/dev/null

# Markdown: headings and pipe tables
"$G" --db "$DB" report --week 2025-W22 --format md >"$T/md"; rc=$?
check "--format md exits 0" [ "$rc" -eq 0 ]
check "md title" grep -q '^# 周报 2025-W22$' "$T/md"
check "md section" grep -q '^## 核心指标$' "$T/md"
check "md headline table" contains "$T/md" "| 指标 | 本期 | 上期 | 变化 |"
check "md table rule" contains "$T/md" "| --- | ---: | ---: | ---: |"
check "md scorecard table" contains "$T/md" "| 排名 | 销售 | 总分 | 赢单目标完成 | 跟进目标完成 |"

# one rep, by name: the title names the rep, the count is the rep's
REP=$("$G" --db "$DB" call '{"op":"reps.list","args":{"limit":1}}' | sed -n 's/.*"id":\([0-9]*\),"ext_id":"[^"]*","name":"\([^"]*\)".*/\1 \2/p')
RID=${REP%% *}; RNAME=${REP#* }
NR=$(followups ",\"rep_id\":$RID")
"$G" --db "$DB" report --week 2025-W22 --rep "$RNAME" >"$T/rep"; rc=$?
check "--rep NAME exits 0" [ "$rc" -eq 0 ]
check "the title names the rep" contains "$T/rep" "2025-05-26 至 2025-06-01 · $RNAME"
check "the rep's follow-ups ($NR)" contains "$T/rep" "本周跟进 $NR 次"

# one team, by name: the title names the team, the count is the team's
NT=$(followups ',"team":"华南组"')
check "the team has follow-ups" [ "${NT:-0}" -gt 0 ]
check "the team is not everyone" [ "$NT" -lt "$N" ]
"$G" --db "$DB" report --week 2025-W22 --team 华南组 >"$T/team"; rc=$?
check "--team NAME exits 0" [ "$rc" -eq 0 ]
check "the title names the team" contains "$T/team" "2025-05-26 至 2025-06-01 · 华南组"
check "the team's follow-ups ($NT)" contains "$T/team" "本周跟进 $NT 次"
"$G" --db "$DB" report --week 2025-W22 --team 没有这个组 >"$T/out" 2>"$T/err"; rc=$?
check "unknown team fails" [ "$rc" -ne 0 ]
check "unknown team is named" contains "$T/err" "team: no rep is in a team named '没有这个组'"
check "unknown team prints no report" [ ! -s "$T/out" ]

# errors: non-zero exit and a message naming the problem
for w in 2025-W54 2021-W53 2025-22 2025-W2 x; do
  "$G" --db "$DB" report --week "$w" >"$T/out" 2>"$T/err"; rc=$?
  check "bad week $w fails" [ "$rc" -ne 0 ]
  check "bad week $w is explained" contains "$T/err" "week must be an ISO week such as 2025-W22, got '$w'"
  check "bad week $w prints no report" [ ! -s "$T/out" ]
done
"$G" --db "$DB" report --week 2020-W53 >/dev/null
check "2020 has a week 53" [ $? -eq 0 ]
"$G" --db "$DB" report --week 2025-W22 --rep "没有这个人" >"$T/out" 2>"$T/err"; rc=$?
check "unknown rep fails" [ "$rc" -ne 0 ]
check "unknown rep is named" contains "$T/err" "no rep named '没有这个人'"
"$G" --db "$DB" report --week 2025-W22 --format pdf >"$T/out" 2>"$T/err"; rc=$?
check "bad format fails" [ "$rc" -ne 0 ]
check "bad format lists the choices" contains "$T/err" "format must be text, md"
"$G" --db "$DB" report >"$T/out" 2>"$T/err"; rc=$?
check "missing week fails" [ "$rc" -ne 0 ]
check "missing week is explained" contains "$T/err" "week is required"

finish
