"""The small HTML pages around the gateway's payment window (opened in the phone's browser).

The checkout page loads Toss Payments' JS SDK (v2) and opens its card window with OUR
order id and amount; the gateway then redirects to successUrl with paymentKey, orderId and
amount, where the server confirms (checking the amount again). Values are JSON-encoded into
the script and HTML-escaped in text, so an order name cannot inject markup.
"""
from __future__ import annotations

import html
import json

from myg_app.contracts.payments import CardCheckout

TOSS_SDK = "https://js.tosspayments.com/v2/standard"

_PAGE = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font-family:sans-serif;font-size:18px;line-height:1.6;margin:24px;color:#1A1C20}}
h1{{font-size:24px;color:{colour}}} .big{{font-size:28px;font-weight:bold}}
button{{font-size:20px;min-height:56px;padding:0 24px;background:#0A58A8;color:#fff;
border:0;border-radius:12px}}</style>{head}</head>
<body><h1>{title}</h1>{body}</body></html>"""


def page(title: str, body_html: str, *, ok: bool = True, head: str = "") -> str:
    return _PAGE.format(title=html.escape(title), body=body_html, head=head,
                        colour="#0A58A8" if ok else "#B3261E")


def checkout_page(co: CardCheckout, title: str = "대형폐기물 수수료 결제") -> str:
    params = json.dumps({
        "method": "CARD", "amount": {"currency": "KRW", "value": co.amount},
        "orderId": co.order_id, "orderName": co.order_name,
        "successUrl": co.success_url, "failUrl": co.fail_url,
    }, ensure_ascii=False).replace("</", "<\\/")
    script = f"""<script src="{TOSS_SDK}"></script>
<script>
function pay() {{
  const toss = TossPayments({json.dumps(co.client_key)});
  const payment = toss.payment({{customerKey: TossPayments.ANONYMOUS}});
  payment.requestPayment({params}).catch(function (e) {{
    document.getElementById("msg").textContent = e.message || "결제창을 열지 못했습니다.";
  }});
}}
</script>"""
    body = (f"<p>{html.escape(co.order_name)}</p>"
            f"<p class='big'>{co.amount:,}원</p>"
            "<p><button id='pay' onclick='pay()'>카드로 결제하기</button></p>"
            "<p id='msg' role='status'></p>"
            "<p>결제를 마치면 MY광양 앱으로 돌아가 신청 내역을 확인해 주세요.</p>")
    return page(title, body, head=script)


def result_page(ok: bool, message: str, emission_no: str | None = None) -> str:
    body = f"<p role='status'>{html.escape(message)}</p>"
    if emission_no:
        body += f"<p>배출번호</p><p class='big' id='emission'>{html.escape(emission_no)}</p>"
    body += "<p>MY광양 앱으로 돌아가 신청 내역에서 확인해 주세요.</p>"
    return page("결제 완료" if ok else "결제되지 않았습니다", body, ok=ok)
