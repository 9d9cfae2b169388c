"""The provider's own pages (sign-in, consent, notices). Plain server-rendered HTML: partner
sites open them in any browser, so they must work without the app and without JavaScript.
Large type and 48 px targets, labelled fields, Korean text."""
from __future__ import annotations

from html import escape

_STYLE = """
body{font-family:'Noto Sans KR','NanumGothic',sans-serif;margin:0;background:#f4f6fa;color:#111;
font-size:18px;line-height:1.5}main{max-width:28rem;margin:0 auto;padding:24px 16px}
h1{font-size:1.5rem;margin:0 0 8px}.brand{color:#1f4fa0;font-weight:700}
label{display:block;margin:16px 0 4px;font-weight:700}
input[type=email],input[type=password]{width:100%;box-sizing:border-box;min-height:48px;
font-size:1.1rem;padding:8px 12px;border:2px solid #6b7280;border-radius:8px}
button{display:block;width:100%;min-height:56px;margin-top:20px;font-size:1.1rem;
border-radius:8px;border:0;background:#1f4fa0;color:#fff;font-weight:700;cursor:pointer}
button.secondary{background:#fff;color:#1f4fa0;border:2px solid #1f4fa0}
.error{color:#b00020;font-weight:700}ul{padding-left:1.2rem}.card{background:#fff;
border-radius:12px;padding:20px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
"""


def page(title: str, body: str) -> str:
    return (f'<!doctype html><html lang="ko"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f'<title>{escape(title)} - MY광양 통합 로그인</title><style>{_STYLE}</style></head>'
            f'<body><main><p class="brand">MY광양 통합 로그인</p>'
            f'<div class="card">{body}</div></main></body></html>')


def login_page(next_url: str, csrf: str, error: str | None = None, email: str = "") -> str:
    err = f'<p class="error" role="alert" id="login-error">{escape(error)}</p>' if error else ""
    return page("로그인", f"""
<h1>로그인</h1><p>MY광양 계정 하나로 광양시 6개 사이트를 이용합니다.</p>{err}
<form method="post" action="/oidc/login">
<input type="hidden" name="next" value="{escape(next_url)}">
<input type="hidden" name="csrf" value="{escape(csrf)}">
<label for="email">이메일</label>
<input id="email" name="email" type="email" autocomplete="username" required value="{escape(email)}">
<label for="password">비밀번호</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" id="login-submit">로그인</button></form>""")


SCOPE_TEXT = {
    "openid": "MY광양 회원 확인 (개인 식별 번호가 아닌 사이트용 회원 번호)",
    "profile": "이름, 생년월일",
    "email": "이메일 주소",
    "phone": "휴대전화 번호",
}


def consent_page(client_name: str, scopes: list[str], request_query: str, csrf: str) -> str:
    items = "".join(f"<li>{escape(SCOPE_TEXT.get(s, s))}</li>" for s in scopes)
    return page("정보 제공 동의", f"""
<h1>{escape(client_name)}</h1>
<p><strong>{escape(client_name)}</strong>에서 다음 정보를 요청합니다. 동의하면 다음부터는 묻지 않습니다.</p>
<ul id="consent-scopes">{items}</ul>
<p>주민등록번호는 제공하지 않습니다. 동의는 MY광양 앱의 '로그인 관리'에서 언제든 철회할 수 있습니다.</p>
<form method="post" action="/oidc/consent">
<input type="hidden" name="request" value="{escape(request_query)}">
<input type="hidden" name="csrf" value="{escape(csrf)}">
<button type="submit" name="decision" value="allow" id="consent-allow">동의하고 계속하기</button>
<button type="submit" name="decision" value="deny" class="secondary" id="consent-deny">동의하지 않음</button>
</form>""")


def message_page(title: str, message: str, status_id: str = "message") -> str:
    return page(title, f'<h1>{escape(title)}</h1><p id="{escape(status_id)}">{escape(message)}</p>')


def reset_page(token: str, error: str | None = None) -> str:
    err = f'<p class="error" role="alert" id="reset-error">{escape(error)}</p>' if error else ""
    return page("비밀번호 재설정", f"""
<h1>새 비밀번호 정하기</h1><p>8자 이상, 문자와 숫자를 함께 써 주세요.</p>{err}
<form method="post" action="/oidc/reset">
<input type="hidden" name="token" value="{escape(token)}">
<label for="password">새 비밀번호</label>
<input id="password" name="password" type="password" autocomplete="new-password" required>
<label for="confirm">새 비밀번호 확인</label>
<input id="confirm" name="confirm" type="password" autocomplete="new-password" required>
<button type="submit" id="reset-submit">비밀번호 바꾸기</button></form>""")


def logout_confirm_page() -> str:
    return page("로그아웃", """
<h1>로그아웃할까요?</h1><p>MY광양 통합 로그인의 모든 사이트에서 로그아웃됩니다.</p>
<form method="post" action="/oidc/logout">
<button type="submit" id="logout-confirm">로그아웃</button></form>""")
