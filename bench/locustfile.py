"""The staff of the office at work, for locust (bench/load.py runs it against the production shape).

Each simulated person signs in through the login form as one of the demo office's staff (no second factor
at their clearance) and then, with pauses of 1-5 s as a person reads, does what that work is made of:
opening the home page and notifications, the case lists with filters and sorts, a record from the list,
searching without diacritics, the document registers, the foreign-affairs calendar, the key-task board, and
through the API listing cases and registering a petition. Every request is named by its action, so the
figures come per action."""

from __future__ import annotations

import random
import re
from datetime import date
from itertools import count

from locust import HttpUser, between, task

PASSWORD = "ChanceryDemo!2026"
STAFF = (
    "chuyenvien.dt",
    "vanthu.dt",
    "chuyenvien.th",
    "chuyenvien.pl",
    "chuyenvien.hc",
    "chuyenvien.dh",
    "chuyenvien.dn",
    "chuyenvien.lt",
    "chuyenvien.dx",
)
CLERKS = ("vanthu.dt", "chuyenvien.dt")  # the petitions unit: they register letters
WORDS = ("nguyen", "dat dai", "boi thuong", "ha noi", "khieu nai", "to cao", "cong van", "quyet dinh")
NUMBERING = count(1)
PROXY = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}  # as the office's HTTPS proxy passes them


class Staff(HttpUser):
    wait_time = between(1, 5)

    def on_start(self) -> None:
        self.username = STAFF[next(NUMBERING) % len(STAFF)]
        self.client.headers.update(PROXY)
        page = self.client.get("/login/", name="login form")
        self._behind_the_proxy()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        signed = self.client.post(
            "/login/",
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": self.username,
                "password": PASSWORD,
            },
            headers={"Referer": "https://127.0.0.1/login/"},
            name="sign in",
            allow_redirects=False,
            catch_response=True,
        )
        with signed as response:
            if response.status_code != 302:
                response.failure(f"not signed in ({response.status_code})")
        self.record_ids: list[str] = []

    def _behind_the_proxy(self) -> None:
        """The browser talks HTTPS to the office's proxy, which passes plain HTTP to the app: the Secure
        cookies the app sets (session, CSRF; renewed on every response) are sent back on plain HTTP here."""
        for cookie in self.client.cookies:
            cookie.secure = False

    def _get(self, path: str, name: str) -> str:
        self._behind_the_proxy()
        with self.client.get(path, name=name, catch_response=True) as response:
            if "/login/" in response.url and not path.startswith("/login/"):
                response.failure("signed out: sent to the login page")
            return response.text

    @task(6)
    def home(self) -> None:
        self._get("/", "home page")

    @task(2)
    def notifications(self) -> None:
        self._get("/api/v1/notifications/", "notifications (API)")

    @task(8)
    def case_list(self) -> None:
        text = self._get("/lists/petitions/", "case list: first page")
        self.record_ids = re.findall(r'href="/petitions/(\d+)/"', text)[:20] or self.record_ids

    @task(4)
    def case_list_filtered(self) -> None:
        sort = random.choice(["-id", "received_on", "-received_on"])
        self._get(f"/lists/petitions/?deadline=running&sort={sort}", "case list: filter and sort")

    @task(5)
    def open_record(self) -> None:
        if self.record_ids:
            self._get(f"/petitions/{random.choice(self.record_ids)}/", "open a record")

    @task(4)
    def search(self) -> None:
        self._get(f"/search/?q={random.choice(WORDS)}", "search (no diacritics)")

    @task(3)
    def registers(self) -> None:
        self._get("/lists/incoming-documents/", "document register")

    @task(2)
    def calendar(self) -> None:
        self._get("/foreign/", "foreign-affairs calendar")

    @task(2)
    def task_board(self) -> None:
        self._get("/programme/", "key-task board")

    @task(3)
    def api_list(self) -> None:
        self._get("/api/v1/lists/petitions/?sort=-id", "case list (API)")

    @task(2)
    def register_petition(self) -> None:
        if self.username not in CLERKS:
            return
        self._behind_the_proxy()
        page = self.client.get("/petitions/new/", name="petition form")
        self._behind_the_proxy()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        n = random.randint(1, 10**9)
        with self.client.post(
            "/petitions/new/",
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "channel": "post",
                "received_on": date.today().isoformat(),
                "full_name": f"Nguyễn Văn Thử {n}",
                "province": "1",
                "ward": "70",
                "address": f"Số {n % 200} Hàng Bài",
                "people_count": "1",
                "summary": f"Kiến nghị về bồi thường đất số {n}",
                "content": "Kiến nghị xem xét lại việc bồi thường, hỗ trợ khi Nhà nước thu hồi đất của gia "
                f"đình tôi tại thửa đất số {n}.",
                "kind": "recommendation",
                "field": "land",
            },
            headers={"Referer": "https://127.0.0.1/petitions/new/"},
            name="register a petition",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"the petition was not registered ({response.status_code})")
