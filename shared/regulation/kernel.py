"""The regulation kernel: ONE loader for every part of every regency profile.

Mechanism only. A service owns the model of each part it interprets and registers it here in
one line (`register_part("aid", AidPart, owner="contribution-aid")`), and declares the
interpretations its code reads by name (`declare_reads("contribution-aid", "aid", "...")`).
`load()` reads every file under `profiles/`, validates each against its part model, checks
that every interpretation is read by some service and every interpretation a service reads
exists, and raises `ProfileProblems` listing EVERY problem (file, key path, line) at once.

Services take their data from `profiles()` (loaded once per process, validated at start);
they never open a profile file themselves.
"""
from __future__ import annotations

import datetime as dt
import importlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from . import PROFILES_DIR, content_version, regency_dirs
from .model import Interpretation, RegencyPart, Regulation, SourcesPart
from .places import PLACES_FILE, Places, read_places
from .yamlines import KeyPath, YamlFile, YamlSyntaxError, dotted, read_yaml

Scope = Literal["regency", "national", "top"]
DECLARATIONS_MODULE = "profile_parts"  # <service package>.profile_parts registers parts and reads
KERNEL = "kernel"
F = TypeVar("F", bound=Callable[..., Any])


# --- registration --------------------------------------------------------------------------
@dataclass(frozen=True)
class PartSpec:
    name: str                  # "aid" (regency folder), "national/contributions", "roles" (top)
    model: type[BaseModel]
    owner: str                 # the service that interprets the part
    scope: Scope
    required: bool

    @property
    def file_name(self) -> str:
        return self.name.split("/")[-1] + ".yaml"


@dataclass(frozen=True)
class Reads:
    owner: str
    part: str                  # the part whose presence makes the names required
    names: frozenset[str]
    choices: frozenset[Any] | None = None   # the only choices the code implements (None: any)


_PARTS: dict[str, PartSpec] = {}
_READS: list[Reads] = []
_COMPILERS: dict[str, Callable[[Profiles], list[str]]] = {}
_WARNINGS: dict[str, Callable[[Profiles], list[str]]] = {}


def register_part(name: str, model: type[BaseModel], *, owner: str, required: bool = False) -> None:
    """Register the model of a part: `name` is `<part>` for `profiles/<regency>/<part>.yaml`,
    `national/<part>` for `profiles/national/<part>.yaml`, `/<part>` for `profiles/<part>.yaml`."""
    scope: Scope = "national" if name.startswith("national/") else "top" if name.startswith("/") else "regency"
    name = name.lstrip("/")
    known = _PARTS.get(name)
    if known is not None and (known.model is not model or known.owner != owner):
        raise ValueError(f"part {name!r} is already registered by {known.owner}")
    _PARTS[name] = PartSpec(name, model, owner, scope, required)


def declare_reads(owner: str, part: str, *names: str) -> None:
    """The interpretations `owner`'s code reads by name from any regency with `part` (or from
    the national part): a profile with the part but without the name fails to load."""
    _READS.append(Reads(owner, part.lstrip("/"), frozenset(names)))


def declare_choice(owner: str, part: str, name: str, *choices: Any) -> None:
    """`owner`'s code implements only these choices of interpretation `name` (e.g. one rounding
    rule): another choice fails the load instead of silently changing nothing."""
    _READS.append(Reads(owner, part.lstrip("/"), frozenset({name}), frozenset(choices)))


def register_compiler(owner: str, compile_all: Callable[[Profiles], list[str]]) -> None:
    """A service's check that turns the validated parts into its domain objects (vocabularies,
    conditions, cross-references) and returns every problem; run by `load()` after the models
    passed, so `check` and the start of ANY service report the problems of EVERY service."""
    _COMPILERS[owner] = compile_all


def register_warnings(owner: str, warn: Callable[[Profiles], list[str]]) -> None:
    """A service's check of what a valid profile still lacks (e.g. a contact not yet published):
    `check` prints each line as a warning and still succeeds; services start."""
    _WARNINGS[owner] = warn


def warnings_of(loaded: Profiles) -> list[str]:
    """Every registered warning of a loaded folder, `[owner] message`, services in name order."""
    load_declarations()
    return [f"[{owner}] {line}" for owner, warn in sorted(_WARNINGS.items()) for line in warn(loaded)]


def compile_each(loaded: Profiles, part: str, build: Callable[[str, Regency], Any],
                 errors: tuple[type[Exception], ...] = (KeyError, TypeError, ValueError)) -> list[str]:
    """The usual body of a compiler: build `part` of every regency that has it (`build(code,
    regency)`) and report each failure as `<folder>/<part>.yaml: <problem>` (an error carrying a
    `problems` list gives one line per problem), so every service reports alike."""
    problems = []
    for code in loaded.codes_with(part):
        regency = loaded.regencies[code]
        try:
            build(code, regency)
        except errors as exc:
            listed = getattr(exc, "problems", None) or [exc]
            problems += [f"{regency.folder.name}/{part}.yaml: {p}" for p in listed]
    return problems


def registered_parts() -> dict[str, PartSpec]:
    load_declarations()
    return dict(_PARTS)


def declared_reads() -> tuple[Reads, ...]:
    load_declarations()
    return tuple(_READS)


@lru_cache(maxsize=1)
def load_declarations() -> tuple[str, ...]:
    """Import every service's `profile_parts` module (the services are listed once, in
    shared.devstack.services), so the kernel knows every part and every reader."""
    from shared.devstack.services import ALL_SERVICES  # the console owns the role catalogue

    register_part("regency", RegencyPart, owner=KERNEL, required=True)
    register_part("national/sources", SourcesPart, owner=KERNEL)
    from shared.documents.profile import register as register_documents  # every service issues documents

    register_documents()
    for service in ALL_SERVICES:
        importlib.import_module(f"{service.package}.{DECLARATIONS_MODULE}")
    return tuple(s.package for s in ALL_SERVICES)


# --- problems ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    file: str
    key: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where} {self.message}"


class ProfileProblems(ValueError):
    """Every problem found in the profiles, in one error (raised at start, not at a request)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        head = (f"Profil regulasi tidak valid: {len(problems)} masalah / "
                f"regulation profiles are invalid: {len(problems)} problem(s)")
        super().__init__("\n".join([head, *(f"  - {p}" for p in problems)]))


class _Collector:
    def __init__(self, base: Path):
        self.base, self.problems = base, []

    def add(self, yf: YamlFile | Path, key: KeyPath, message: str) -> None:
        path = yf.path if isinstance(yf, YamlFile) else yf
        line = yf.line(key) if isinstance(yf, YamlFile) else None
        self.problems.append(Problem(_relative(path, self.base), dotted(key), line, message))


def _relative(path: Path, base: Path) -> str:
    try:
        return str(Path(base.name) / path.relative_to(base))
    except ValueError:
        return str(path)


# --- the loaded profiles ---------------------------------------------------------------------
@dataclass(frozen=True)
class Regency:
    """One regency's profile: its identity, regulations and every part (validated)."""

    code: str
    folder: Path
    identity: RegencyPart
    files: dict[str, YamlFile] = field(repr=False)
    models: dict[str, BaseModel] = field(repr=False)
    interpretations: dict[str, Interpretation] = field(repr=False)
    places: Places | None = field(default=None, repr=False)  # places.csv: kecamatan and desa names

    @property
    def kemendagri_code(self) -> str:
        """The current Kemendagri regency code (village codes start with it; BPS `code` may differ)."""
        return self.identity.kemendagri_code_now

    @property
    def regulation(self) -> Regulation:
        """The current regulation: the one every citation in the profile is read against."""
        return self.identity.regulation

    @property
    def title(self) -> str:
        return self.identity.regulation.title

    @property
    def regulations(self) -> tuple[Regulation, ...]:
        return self.identity.regulations()

    def regulation_on(self, day: dt.date) -> Regulation | None:
        in_force = [r for r in self.regulations if r.in_force(day)]
        return max(in_force, key=lambda r: r.from_) if in_force else None

    def has(self, part: str) -> bool:
        return part in self.files

    def part(self, part: str) -> dict | None:
        """The validated data of a part as written (dict), None when the regency has no such file."""
        yf = self.files.get(part)
        return yf.data if yf is not None else None

    def model(self, part: str) -> BaseModel | None:
        return self.models.get(part)

    def path(self, part: str) -> Path:
        return self.folder / f"{part}.yaml"


@dataclass(frozen=True)
class Profiles:
    base: Path
    regencies: dict[str, Regency]
    national: dict[str, YamlFile] = field(repr=False)
    top: dict[str, YamlFile] = field(repr=False)

    def regency(self, code: str) -> Regency | None:
        return self.regencies.get(code) if isinstance(code, str) else None

    def codes_with(self, part: str) -> tuple[str, ...]:
        return tuple(code for code, r in sorted(self.regencies.items()) if r.has(part))

    def part(self, code: str, part: str) -> dict | None:
        regency = self.regency(code)
        return regency.part(part) if regency else None

    def title(self, code: str) -> str | None:
        regency = self.regency(code)
        return regency.title if regency else None

    def national_part(self, part: str) -> dict:
        yf = self.national.get(part)
        return yf.data if yf is not None else {}

    def national_path(self, part: str) -> Path:
        return self.base / "national" / f"{part}.yaml"

    def version(self, code: str, parts: tuple[str, ...], national: tuple[str, ...] = ()) -> str:
        """The content digest of the files a decision rests on (stored as its profile version)."""
        regency = self.regencies[code]
        paths = [regency.path(p) for p in parts if regency.has(p)]
        return content_version(paths + [self.national_path(p) for p in national if p in self.national])

    def files(self) -> Iterator[tuple[str | None, str, YamlFile]]:
        """(regency code or None, part name, file) for every loaded file."""
        for name, yf in sorted(self.national.items()):
            yield None, f"national/{name}", yf
        for name, yf in sorted(self.top.items()):
            yield None, name, yf
        for code, regency in sorted(self.regencies.items()):
            for name, yf in sorted(regency.files.items()):
                yield code, name, yf


def load(base: Path | str | None = None, *, partial: bool = False) -> Profiles:
    """Read and validate every profile file under `base`; ProfileProblems lists all problems.
    `partial`: a folder holding only some parts (a service's unit test) - every file present is
    validated, but required parts and interpretation readers (whole-folder checks) are not."""
    parts = registered_parts()
    base = Path(base or PROFILES_DIR)
    out = _Collector(base)
    if partial:
        parts = {name: replace(spec, required=False) for name, spec in parts.items()}
    national = _read_folder(base / "national", "national", parts, out)
    top = _read_top(base, parts, out)
    regencies = {}
    for code, folder in regency_dirs(base).items():
        regency = _load_regency(code, folder, parts, out)
        if regency is not None:
            regencies[code] = regency
    loaded = Profiles(base, regencies, national, top)
    from .readers import check_interpretations

    if not partial:
        check_interpretations(loaded, declared_reads(), out)
        if not out.problems:
            _compile(loaded, out)
    if out.problems:
        raise ProfileProblems(out.problems)
    return loaded


def _compile(loaded: Profiles, out: _Collector) -> None:
    for owner, compile_all in sorted(_COMPILERS.items()):
        for message in dict.fromkeys(compile_all(loaded)):
            out.problems.append(Problem(f"[{owner}]", "", None, message))


def _read_folder(folder: Path, scope: Scope, parts: dict[str, PartSpec], out: _Collector) -> dict[str, YamlFile]:
    files = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        name = f"national/{path.stem}" if scope == "national" else path.stem
        spec = parts.get(name)
        if spec is None or spec.scope != scope:
            known = sorted(p.file_name for p in parts.values() if p.scope == scope)
            out.add(path, (), f"bagian profil tidak terdaftar / not a registered profile part (known: {known}); "
                              "the service that reads it registers it with shared.regulation.register_part")
            continue
        yf = _validated(path, spec, out)
        if yf is not None:
            files[path.stem] = yf
    for spec in parts.values():
        if spec.scope == scope == "national" and spec.required and not (folder / spec.file_name).exists():
            out.add(folder / spec.file_name, (), "bagian wajib tidak ada / required part missing")
    return files


def _read_top(base: Path, parts: dict[str, PartSpec], out: _Collector) -> dict[str, YamlFile]:
    files = {}
    for path in sorted(base.glob("*.yaml")):
        spec = parts.get(path.stem)
        if spec is None or spec.scope != "top":
            out.add(path, (), "berkas profil tidak terdaftar / not a registered profile part")
            continue
        yf = _validated(path, spec, out)
        if yf is not None:
            files[path.stem] = yf
    return files


def _load_regency(code: str, folder: Path, parts: dict[str, PartSpec], out: _Collector) -> Regency | None:
    files = _read_folder(folder, "regency", parts, out)
    for spec in parts.values():
        if spec.scope == "regency" and spec.required and not (folder / spec.file_name).exists():
            out.add(folder / spec.file_name, (), "bagian wajib tidak ada / required part missing")
    identity_file = files.get("regency")
    if identity_file is None:
        return None
    identity = RegencyPart.model_validate(identity_file.data)
    if identity.code != code:
        out.add(identity_file, ("code",), f"kode {identity.code} tidak sama dengan folder / "
                                          f"code does not match the folder {folder.name}")
    models = {name: parts[name].model.model_validate(yf.data) for name, yf in files.items()}
    interpretations = _interpretations(files, out)
    return Regency(code, folder, identity, files, models, interpretations, _places(folder, identity, out))


def _places(folder: Path, identity: RegencyPart, out: _Collector) -> Places | None:
    """The regency's `places.csv` (shared/regulation/places.py), checked against its Kemendagri code."""
    try:
        places = read_places(folder, identity.kemendagri_code_now)
    except (ValueError, KeyError) as exc:
        out.add(folder / PLACES_FILE, (), f"tidak sah / invalid: {exc}")
        return None
    for problem in places.problems() if places else ():
        out.add(folder / PLACES_FILE, (), problem)
    return places


def _validated(path: Path, spec: PartSpec, out: _Collector) -> YamlFile | None:
    try:
        yf = read_yaml(path)
    except YamlSyntaxError as exc:
        out.problems.append(Problem(_relative(path, out.base), "(file)", exc.line, f"YAML tidak sah / invalid YAML: "
                                                                                  f"{exc.message}"))
        return None
    if not isinstance(yf.data, dict):
        out.add(yf, (), "harus berupa mapping / must be a mapping of keys")
        return None
    try:
        spec.model.model_validate(yf.data)
    except ValidationError as exc:
        for error in exc.errors():
            out.add(yf, tuple(error["loc"]), _message(error))
        return None
    return yf


def _message(error: dict) -> str:
    if error["type"] == "extra_forbidden":
        return "kunci tidak dikenal / unknown key (a typo?)"
    if error["type"] == "missing":
        return "kunci wajib tidak ada / required key missing"
    return f"nilai tidak sah / invalid value: {error['msg']}"


def _interpretations(files: dict[str, YamlFile], out: _Collector) -> dict[str, Interpretation]:
    found: dict[str, Interpretation] = {}
    where: dict[str, str] = {}
    for name, yf in sorted(files.items(), key=lambda kv: kv[0] != "regency"):
        for key, raw in (yf.data.get("interpretations") or {}).items():
            if key in found:
                out.add(yf, ("interpretations", key), f"didefinisikan dua kali / defined twice (also in "
                                                      f"{where[key]}.yaml)")
                continue
            found[key], where[key] = Interpretation.model_validate(raw), name
    return found


# --- the process-wide profiles -------------------------------------------------------------------
_lock = threading.Lock()
_state: dict[str, Any] = {"base": None, "profiles": None}
_reload_hooks: list[Callable[[], None]] = []


def profiles() -> Profiles:
    """The profiles of this process, loaded and validated once (call it at start)."""
    with _lock:
        if _state["profiles"] is None:
            _state["profiles"] = load(_state["base"])
        return _state["profiles"]


def profiles_at(base: Path | str | None) -> Profiles:
    """The process profiles (base None), or the (partial) profiles of another folder - for
    services' unit tests that build a folder holding only their own parts."""
    return profiles() if base is None else load(base, partial=True)


def use_profiles(base: Path | str | None) -> None:
    """Serve the profiles under `base` from now on (None = the configured directory); every
    cache registered with `profile_cache` is emptied. For tests and the check command."""
    with _lock:
        _state["base"], _state["profiles"] = (Path(base) if base else None), None
    for hook in _reload_hooks:
        hook()


def profile_cache(fn: F | None = None, *, maxsize: int | None = None) -> Any:
    """`lru_cache` for values derived from the profiles, emptied when the profiles change."""
    def wrap(inner: F) -> F:
        cached = lru_cache(maxsize=maxsize)(inner)
        _reload_hooks.append(cached.cache_clear)
        return cached  # type: ignore[return-value]
    return wrap(fn) if fn is not None else wrap
