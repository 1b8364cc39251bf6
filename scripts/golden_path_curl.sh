#!/usr/bin/env bash
# The 16 steps of the golden path with curl against a running `make run` (needs curl and jq).
#   bash scripts/golden_path_curl.sh [base-url]
set -euo pipefail
BASE="${1:-http://127.0.0.1:8000}"
DEALER=d0000000-0000-4000-8000-000000000001
tok() { curl -sf -X POST "$BASE/api/auth/token" -d "username=$1" -d password=demo1234 | jq -r .access_token; }
ADV=$(tok advisor); TECH=$(tok tech); FOREMAN=$(tok foreman); QC=$(tok qc); PARTS=$(tok parts); CASH=$(tok cashier); CB=$(tok callback)
call() { # method path token [json]
  local out; out=$(curl -s -w '\n%{http_code}' -X "$1" "$BASE$2" -H "Authorization: Bearer $3" \
    -H 'Content-Type: application/json' ${4:+-d "$4"})
  CODE=$(tail -n1 <<<"$out"); BODY=$(sed '$d' <<<"$out")
}
step() { printf '%-4s %-60s -> %s\n' "$1" "$2" "$CODE"; }
poll() { # what, command producing non-empty output when done
  for _ in $(seq 1 100); do r=$(eval "$2") && [ -n "$r" ] && [ "$r" != null ] && { echo "$r"; return; }; sleep 0.2; done
  echo "timed out waiting for $1" >&2; exit 1
}
PN="DEMO-$RANDOM$RANDOM"
call POST /api/parts/parts "$PARTS" "{\"part_no\":\"$PN\",\"name\":\"机油滤清器 oil filter\",\"unit_price\":\"45.50\",\"unit_cost\":\"20.00\",\"dealer_id\":\"$DEALER\"}"; step "" "create part $PN"
call POST /api/parts/receipts "$PARTS" "{\"part_no\":\"$PN\",\"qty\":\"5\",\"dealer_id\":\"$DEALER\"}"; step "" "receive 5"
PHONE="139$(printf '%08d' $((RANDOM * RANDOM % 100000000)))"
call POST /api/booking/customers "$ADV" "{\"name\":\"王小明\",\"phone\":\"$PHONE\",\"dealer_id\":\"$DEALER\"}"; step 1 "POST customers"; CUST=$(jq -r .id <<<"$BODY")
VIN=$( (LC_ALL=C tr -dc 'A-HJ-NPR-Z0-9' </dev/urandom || true) | head -c17)
call POST /api/booking/vehicles "$ADV" "{\"customer_id\":\"$CUST\",\"vin\":\"$VIN\",\"plate\":\"沪A88888\",\"model\":\"VW Lavida\",\"dealer_id\":\"$DEALER\"}"; step 2 "POST vehicles"; VEH=$(jq -r .id <<<"$BODY")
DAY=$(date -d '+2 day' +%F)
call GET "/api/booking/slots?dealer_id=$DEALER&date=$DAY&service_type=maintenance" "$ADV"; step 3 "GET slots $DAY"; START=$(jq -r '[.[]|select(.free>0)][0].start' <<<"$BODY")
call POST /api/booking/appointments "$ADV" "{\"customer_id\":\"$CUST\",\"vehicle_id\":\"$VEH\",\"start\":\"$START\",\"service_type\":\"maintenance\",\"concern\":\"刹车有异响 brakes squeal\"}"; step 4 "POST appointments $START"; APPT=$(jq -r .id <<<"$BODY")
call POST "/api/booking/appointments/$APPT/check-in" "$ADV"; step 5 "check-in"
ORDER=$(poll order "curl -s -H 'Authorization: Bearer $ADV' '$BASE/api/workshop/orders?appointment_id=$APPT' | jq -r '.items[0].id'"); CODE=200; step 6 "GET workshop/orders?appointment_id= -> $ORDER"
call POST "/api/workshop/orders/$ORDER/inspection" "$ADV" '{"odometer_km":23500,"fuel_level":50,"notes":"左前门划痕"}'; step 7 "inspection"
call POST "/api/workshop/orders/$ORDER/jobs" "$ADV" "{\"op_code\":\"MNT-10K\",\"description\":\"一万公里保养\",\"labor_hours\":\"1.5\",\"pay_type\":\"customer\",\"parts\":[{\"part_no\":\"$PN\",\"qty\":\"1\"}]}"; step 8 "jobs"; JOB=$(jq -r .id <<<"$BODY")
call POST "/api/workshop/orders/$ORDER/authorize" "$ADV" '{"signed_by":"王小明"}'; step 9 "authorize"
poll reserved "curl -s -H 'Authorization: Bearer $PARTS' '$BASE/api/parts/parts/$PN?dealer_id=$DEALER' | jq -r 'select(.reserved==\"1\") | .reserved'" >/dev/null
call POST "/api/workshop/jobs/$JOB/start" "$TECH"; step 10 "job start"
call POST "/api/workshop/jobs/$JOB/finish" "$TECH" '{}'; step 10 "job finish"
call POST "/api/workshop/orders/$ORDER/qc" "$TECH" '{"passed":true,"level":"self","notes":"自检 OK"}'; step 11 "qc self-check"
call POST "/api/workshop/orders/$ORDER/qc" "$FOREMAN" '{"passed":true,"level":"foreman","notes":"互检 OK"}'; step 11 "qc foreman re-check"
call POST "/api/workshop/orders/$ORDER/qc" "$QC" '{"passed":true,"level":"final","notes":"终检 OK"}'; step 11 "qc final inspection passed"
call POST "/api/workshop/orders/$ORDER/wash" "$TECH" '{"washed":true}'; step 11 "washed: vehicle.ready (progress $(jq -r .progress <<<"$BODY"))"
call POST "/api/workshop/orders/$ORDER/qc" "$ADV" '{"passed":true,"level":"pre_delivery","notes":"交车前检查 OK"}'; step 11 "advisor pre-delivery check"
INV=$(poll invoice "curl -s -H 'Authorization: Bearer $CASH' '$BASE/api/billing/invoices?order_id=$ORDER' | jq -r '.items[] | select(.status==\"issued\") | .id'"); CODE=200; step 12 "GET billing/invoices?order_id= -> $INV"
call GET "/api/billing/invoices/$INV" "$CASH"; TOTAL=$(jq -r .total <<<"$BODY"); echo "     subtotal $(jq -r .subtotal <<<"$BODY") + VAT $(jq -r .vat <<<"$BODY") = total $TOTAL"
call POST "/api/workshop/orders/$ORDER/deliver" "$ADV" '{}'; step 14 "deliver before payment (expect 409)"
call POST "/api/billing/invoices/$INV/payments" "$CASH" "{\"amount\":\"$TOTAL\",\"method\":\"wechat\"}"; step 13 "payment $TOTAL"
for _ in $(seq 1 50); do call POST "/api/workshop/orders/$ORDER/deliver" "$ADV" '{}'; [ "$CODE" = 200 ] && break; sleep 0.2; done; step 14 "deliver"
echo "     gate pass $(jq -r .gate_pass.code <<<"$BODY"), next service by $(jq -r .next_service.due_on <<<"$BODY") or $(jq -r .next_service.due_km <<<"$BODY") km"
CBID=$(poll callback "curl -s -H 'Authorization: Bearer $CB' '$BASE/api/crm/callbacks?order_id=$ORDER' | jq -r '.items[0].id'"); CODE=200; step 15 "GET crm/callbacks?order_id= -> $CBID"
call GET "/api/crm/callbacks/$CBID" "$CB"; echo "     delivered $(jq -r .delivered_at <<<"$BODY"), due $(jq -r .due_at <<<"$BODY")"
call POST "/api/crm/callbacks/$CBID/attempts" "$CB" '{"outcome":"satisfied","note":"客户满意"}'; step 16 "attempt"
call POST "/api/crm/callbacks/$CBID/survey" "$CB" '{"scores":{"facilities":8,"personnel":9,"execution":10,"cost":7,"follow_up":9},"comment":"服务很好"}'; step 16 "survey: CSI $(jq -r .csi_score <<<"$BODY")"
