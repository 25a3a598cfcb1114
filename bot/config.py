"""The contract's settings, read from the environment or a `.env` file."""

from functools import cached_property
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SANDBOX_PORT = 8765  # `homeward sandbox`'s page, unless --port says otherwise


class Settings(BaseSettings):
    """Every variable named in the contract; field names match the variables, case-insensitively."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    telegram_bot_token: str | None = None
    telegram_api_url: str = "https://api.telegram.org"
    database_url: str = "sqlite:///homeward.db"
    homeward_timezone: str = "Europe/London"
    homeward_secret_key: str | None = Field(default=None, repr=False)
    homeward_webhook_url: str | None = None
    homeward_webhook_secret: str | None = Field(default=None, repr=False)
    homeward_invite_days: int = 7
    homeward_retention_days: int = 365
    homeward_urgent_phrases: str = (
        "not safe,unsafe,don't feel safe,dont feel safe,not feeling safe,"
        "hurt me,hurting me,hurts me,hit me,hitting me,beat me,touched me,touching me,"
        "hurt myself,hurting myself,cut myself,cutting myself,self harm,"
        "kill myself,killing myself,want to die,end my life,suicide,suicidal,"
        "i'm scared,im scared,i am scared,scared for my life,help me now,"
        "don't want to be here,dont want to be here,don't want to live,dont want to live,"
        "scared to go home,not going home,ran away,run away,running away,"
        # Welsh and Polish, for children who write in them (a fluent speaker should add more).
        "ddim yn saff,ddim yn ddiogel,mewn perygl,helpa fi,helpwch fi,brifo fi,"
        "lladd fy hun,eisiau marw,isio marw,ofn mynd adre,"
        "nie jestem bezpieczny,nie jestem bezpieczna,nie czuję się bezpiecznie,boję się,"
        "pomocy,pomóż mi,potrzebuję pomocy,bije mnie,krzywdzi mnie,chcę umrzeć,zabiję się,"
        "nie chcę wracać do domu"
    )

    @field_validator("telegram_api_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("homeward_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @cached_property
    def urgent_phrases(self) -> list[str]:
        return [p.strip() for p in self.homeward_urgent_phrases.split(",") if p.strip()]

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.homeward_timezone)
