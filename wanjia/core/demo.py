"""What every app's demo builder receives. `wanjia demo` builds the organisation and customers first, then
calls `build(ctx)` in each app's `demo.py`, in the order of settings.DOMAIN_APPS."""
import datetime as dt
import random
from dataclasses import dataclass, field


@dataclass
class DemoContext:
    rng: random.Random
    scale: int  # number of customers
    now: dt.datetime
    province: object = None
    prefectures: list = field(default_factory=list)
    counties: list = field(default_factory=list)
    stations: list = field(default_factory=list)
    halls: list = field(default_factory=list)
    users: dict = field(default_factory=dict)  # username -> User
    logins: list = field(default_factory=list)  # (username, password, what it shows)
    out: object = None  # a writer with .write(str) for progress

    def say(self, text: str) -> None:
        if self.out is not None:
            self.out.write(text)
