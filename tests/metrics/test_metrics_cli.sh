#!/bin/sh
# genjin metrics: the JSON has every key of section 9 of the metric spec, the
# text report prints, and bad options fail with the documented exit codes;
# genjin bench makes its database and reports every op.
set -u
GJ=$1
DB=$(mktemp -d)/m.db
fail=0
check() { # description, command...
    d=$1; shift
    if ! "$@"; then echo "FAIL: $d"; fail=1; fi
}
"$GJ" --db "$DB" demo --customers 120 --seed 3 --now 2025-06-01 > /dev/null || { echo "demo failed"; exit 1; }

J=$("$GJ" --db "$DB" metrics --from 2025-05-01 --to 2025-06-01 --by rep --json)
check "metrics --json exits 0" test $? -eq 0
for key in '"period":{"from":"2025-05-01","to":"2025-06-01"' \
    '"activity":{"customers":' '"active_customers":' '"active_rate":' '"avg_score":' \
    '"conversion":{"funnel":[{"stage":"first_contact","reached":' '"next_step_rate":' \
    '"cumulative_rate":' '"won":' '"lost":' '"win_rate":' '"followup_conversion_rate":' \
    '"no_followup_conversion_rate":' '"cycle":{"won_deals":' '"median_days":' '"mean_days":' \
    '"satisfaction":{"csat_responses":' '"csat_avg":' '"csat_pct":' '"nps_responses":' \
    '"nps":' '"complaint_rate":' '"response":{"tickets":' '"unanswered":' \
    '"first_response_hours":{"median":' '"p90":' '"mean":' '"resolution_hours":{"median":' \
    '"same_day_rate":' '"followup_interval_days":{"median":' '"missed_followup_rate":' \
    '"stage_deadline_rate":' '"retention":{"ordering_customers":' '"repurchase_rate":' \
    '"repurchase_rate_lifetime":' '"churn_rate":' '"retention_rate":' '"clv_historical":' \
    '"cross_purchase_rate":' '"by":{"rep":[{"key":' '"won_amount":' '"followups":' '"score":'; do
    case $J in *"$key"*) ;; *) echo "FAIL: --json lacks $key"; fail=1 ;; esac
done
case $J in '{"period"'*) ;; *) echo "FAIL: --json prints the metrics object itself"; fail=1 ;; esac

T=$("$GJ" --db "$DB" metrics --from 2025-05-01 --to 2025-06-01 --by tier)
check "text report exits 0" test $? -eq 0
for word in "Activity" "Funnel" "Win rate" "Satisfaction" "Response" "Retention" "By tier"; do
    case $T in *"$word"*) ;; *) echo "FAIL: text report lacks $word"; fail=1 ;; esac
done

"$GJ" --db "$DB" metrics --from 2025-06-01 --to 2025-05-01 > /dev/null 2>&1
check "from after to exits 1" test $? -eq 1
"$GJ" --db "$DB" metrics --from 2025-05-01 --to 2025-06-01 --by region > /dev/null 2>&1
check "unknown dimension exits 1" test $? -eq 1
"$GJ" --db "$DB" metrics --from 2025-05-01 --to 2025-06-01 --bogus > /dev/null 2>&1
check "unknown option exits 2" test $? -eq 2
"$GJ" --db "$DB" metrics --from 2025-05-01 --to 2025-06-01 --source 'a"b\c' --json > /dev/null
check "quotes in filter values are escaped" test $? -eq 0

# genjin bench: makes the S database with its exact counts and prints one
# JSON line with every op of the dashboard (times are not checked).
BD=$(dirname "$DB")
B=$("$GJ" bench --sizes S --dir "$BD" --runs 1 --json 2>/dev/null)
check "bench exits 0" test $? -eq 0
for key in '"size":"S","system":"native"' '"op":"compute by rep"' '"op":"trend activity.active_rate"' \
    '"op":"trend retention.repurchase_rate"' '"op":"alerts.churn"' '"op":"followups.due"' '"op":"total"'; do
    case $B in *"$key"*) ;; *) echo "FAIL: bench output lacks $key"; fail=1 ;; esac
done
I=$("$GJ" --db "$BD/bench-S.db" info)
case $I in *'"customers":2000,"deals":4000,"followups":20000,"tickets":4000,"surveys":2000,"orders":8000,"events":40000'*) ;;
    *) echo "FAIL: bench-S.db counts: $I"; fail=1 ;; esac
"$GJ" bench --runs 0 > /dev/null 2>&1
check "bench --runs 0 exits 2" test $? -eq 2
"$GJ" bench --bogus > /dev/null 2>&1
check "bench unknown option exits 2" test $? -eq 2

rm -rf "$(dirname "$DB")"
[ $fail -eq 0 ] && echo "test_metrics_cli: ok"
exit $fail
