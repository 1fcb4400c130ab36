"""A course without its answer key: what a learner's process may hold.

The key is every expected answer, worked solution, mistake, chart or table rule and rubric,
and the course modules that compute them. A process that runs a learner's code while it is
graded (with either engine), and a learner's install for an assessment, get the course's
*key-free view* instead, a package tree that :func:`write_public` writes:

- each module of the course that holds no key, as it is (its ``Course``, its vocabularies);
- each lesson module reduced to its lesson's :meth:`~coursekit.model.exercises.Lesson.public`
  declaration (ids, titles, variables, hints, kinds, points: no expected values, solutions,
  mistakes, rules or rubrics; for grading, no hints either), written out as Python;
- in every module that holds a key, only the *handouts* asked for: the names a lesson's
  notebook imports from it (``Lesson.handouts``) and the definitions those need, found in
  the module's syntax tree;
- the course's data folder.

Every module of the course holds a key (``reading_numbers.derived`` computes answers several
lessons share) except the package itself and those the course declares ``public``, which are
checked to hold no lesson and no function a declaration calls. Grading writes the tree with
no handouts and gives each notebook its own lesson's handouts in its first cell
(:func:`handout_sources`, :func:`enter`), so a lesson that hands out an earlier lesson's
answer never puts it in another lesson's process.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import os
import pkgutil
import shutil
import sys
import types
from collections.abc import Iterable, Mapping
from importlib.machinery import ModuleSpec, PathFinder
from pathlib import Path

from coursekit.model.course import Course, CourseError
from coursekit.model.exercises import Exercise, Lesson, lessons
from coursekit.model.rules import Rule

__all__ = ["NO_HINTS", "enter", "hand_out", "handout_leaks", "handout_sources", "key_modules",
           "write_public"]


def _modules(course: Course) -> dict[str, types.ModuleType]:
    """Every module of the course's package (and of its lessons package), imported, by name."""
    found: dict[str, types.ModuleType] = {}
    for root in dict.fromkeys((course.package, course.lessons_package)):
        package = importlib.import_module(root)
        found[root] = package
        for info in pkgutil.walk_packages(getattr(package, "__path__", []), root + "."):
            found[info.name] = importlib.import_module(info.name)
    return found


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def key_modules(course: Course) -> set[str]:
    """The names of the course's modules that hold a key: all but the package itself and the
    modules its ``Course.public`` names.

    Fails with :class:`CourseError` if one of those holds part of the key after all: a lesson,
    or a function that an exercise's declaration calls (its expected answer, a mistake, a rule
    or a rubric's check).
    """
    modules = _modules(course)
    free = {course.package, *course.public}
    unknown = sorted(free - set(modules))
    if unknown:
        raise CourseError(f"course {course.id!r}: 'public' names no module of the course: "
                          f"{', '.join(unknown)}")
    keys = {id(value) for lesson in lessons().values() if lesson.course == course.id
            for value in _key_callables(lesson)}
    for name in sorted(free):
        held = sorted(attr for attr, value in vars(modules[name]).items()
                      if id(value) in keys or isinstance(value, Lesson)
                      or (isinstance(value, types.ModuleType) and name != course.package
                          and _within(value.__name__, course.lessons_package)))
        if held:
            raise CourseError(f"course {course.id!r}: {name} is declared public but holds "
                              f"part of the answer key: {', '.join(held)}")
    return set(modules) - free


def _key_callables(lesson: Lesson) -> list[object]:
    """The functions an exercise's declaration calls to judge an answer."""
    found: list[object] = []
    for exercise in lesson.exercises:
        found += [exercise.expected, *(m.wrong for m in exercise.mistakes),
                  *(c.check for c in exercise.rubric)]
        for rule in exercise.rules:
            step: Rule | None = rule
            while step is not None:
                found.append(step.check)
                step = step.requires
    return [f for f in found if callable(f)]


# -- the handouts: the names a lesson's notebook imports, and what they need -----------------


def _bound(statement: ast.stmt) -> set[str]:
    """The module-level names one top-level statement binds."""
    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {statement.name}
    if isinstance(statement, ast.Import | ast.ImportFrom):
        return {(a.asname or a.name).split(".")[0] for a in statement.names}
    targets: list[ast.expr] = (statement.targets if isinstance(statement, ast.Assign) else
                               [statement.target]
                               if isinstance(statement, ast.AnnAssign | ast.AugAssign) else [])
    return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}


def _used(statement: ast.stmt) -> set[str]:
    """The names a statement reads (a superset: a local name counts too)."""
    return {n.id for n in ast.walk(statement) if isinstance(n, ast.Name)
            and isinstance(n.ctx, ast.Load)}


def _absolute(module: str, node: ast.ImportFrom) -> str:
    """The module an ``from ... import`` statement of ``module`` imports from."""
    if not node.level:
        return node.module or ""
    base = module.rsplit(".", node.level)[0] if node.level else module
    return f"{base}.{node.module}" if node.module else base


class _Closure:
    """The definitions some names of key-bearing modules need, module by module."""

    def __init__(self, course: Course) -> None:
        self.key = key_modules(course)
        self.trees: dict[str, ast.Module] = {}
        self.wanted: dict[str, set[str]] = {}

    def tree(self, module: str) -> ast.Module:
        if module not in self.trees:
            self.trees[module] = ast.parse(inspect.getsource(importlib.import_module(module)))
        return self.trees[module]

    def want(self, module: str, names: Iterable[str]) -> None:
        """Keep ``names`` of ``module`` (a key-bearing one) and what they need."""
        new = set(names) - self.wanted.setdefault(module, set())
        if not new:
            return
        self.wanted[module] |= new
        statements = self.tree(module).body
        grown = True
        while grown:
            kept = [s for s in statements if _bound(s) & self.wanted[module]]
            needed = set().union(*map(_used, kept)) if kept else set()
            bound = set().union(*map(_bound, statements))
            grown = bool((needed & bound) - self.wanted[module])
            self.wanted[module] |= needed & bound
        for statement in statements:
            if isinstance(statement, ast.ImportFrom) and _bound(statement) & self.wanted[module]:
                source = _absolute(module, statement)
                if source in self.key:
                    self.want(source, [a.name for a in statement.names
                                       if (a.asname or a.name) in self.wanted[module]])

    @property
    def order(self) -> list[str]:
        """The kept modules, each after the modules it imports from."""
        done: list[str] = []
        seen: set[str] = set()

        def visit(module: str) -> None:
            if module not in seen:
                seen.add(module)
                for statement in self.tree(module).body:
                    if isinstance(statement, ast.ImportFrom) and \
                            (source := _absolute(module, statement)) in self.wanted:
                        visit(source)
                done.append(module)
        for module in sorted(self.wanted):
            visit(module)
        return done

    def source(self, module: str) -> str:
        """The kept statements of ``module``, in their order, imports cut to what is used."""
        kept: list[ast.stmt] = []
        for statement in self.tree(module).body:
            if isinstance(statement, ast.ImportFrom) and statement.module == "__future__":
                kept.append(statement)
            elif isinstance(statement, ast.Import | ast.ImportFrom):
                aliases = [a for a in statement.names
                           if (a.asname or a.name).split(".")[0] in self.wanted[module]]
                if aliases:
                    cut = (ast.Import(names=aliases) if isinstance(statement, ast.Import)
                           else ast.ImportFrom(module=statement.module, names=aliases,
                                               level=statement.level))
                    kept.append(cut)
            elif _bound(statement) & self.wanted[module]:
                kept.append(statement)
        return ast.unparse(ast.Module(body=kept, type_ignores=[])) + "\n"


def _handouts(lesson_list: Iterable[Lesson], course: Course) -> _Closure:
    closure = _Closure(course)
    for lesson in lesson_list:
        for handout in lesson.handouts:
            module, _, name = handout.rpartition(".")
            if not _within(module, course.package) and not _within(module,
                                                                   course.lessons_package):
                raise CourseError(f"lesson {lesson.id}: handout {handout!r} is not in course "
                                  f"{course.id!r}'s package")
            if not hasattr(importlib.import_module(module), name):
                raise CourseError(f"lesson {lesson.id}: handout {handout!r}: {module} has no "
                                  f"{name!r}")
            if module in closure.key:
                closure.want(module, [name])
    return closure


def handout_sources(lesson: Lesson, course: Course) -> dict[str, str]:
    """The key-free source of each key-bearing module the lesson's handouts come from, in
    the order to run them (a module after those it imports from)."""
    closure = _handouts([lesson], course)
    return {module: closure.source(module) for module in closure.order}


def handout_leaks(lesson: Lesson, course: Course,
                  handouts_of: Iterable[Lesson] | None = None) -> list[str]:
    """What of the lesson's own key its handouts (or those of the lessons ``handouts_of``,
    together) carry: ``module.name is qN's expected answer`` for each kept definition that
    computes one of its answers."""
    closure = _handouts([lesson] if handouts_of is None else handouts_of, course)
    answers = {id(e.expected): e.id for e in lesson.exercises if e.expected is not None}
    return sorted(f"{module}.{name} is {answers[id(value)]}'s expected answer"
                  for module in closure.order for name in closure.wanted[module]
                  if id(value := getattr(importlib.import_module(module), name, None))
                  in answers)


def hand_out(sources: dict[str, str]) -> None:
    """In a learner's process: run each handout source in its module (made if absent)."""
    for name, source in sources.items():
        module = sys.modules.get(name)
        if module is None:
            try:
                module = importlib.import_module(name)
            except ImportError:  # a key-bearing module with no key-free file
                module = types.ModuleType(name)
                module.__package__ = name.rpartition(".")[0]
                sys.modules[name] = module
                parent = sys.modules.get(module.__package__)
                if parent is not None:
                    setattr(parent, name.rpartition(".")[2], module)
        exec(compile(source, f"<{name}: handouts>", "exec"), vars(module))


class _ViewOnly:
    """Finds the courses' modules in their key-free view only, so that a module the view
    leaves out is not found elsewhere (an editable install's finder would find the real one).

    It guards the ordinary ways of importing, not the files: without the sandbox, code that
    reads the course's files, or takes this finder away, still reaches them.
    """

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.roots = {entry.name for entry in os.scandir(folder) if entry.is_dir()}

    def find_spec(self, name: str, path: object = None, target: object = None
                  ) -> ModuleSpec | None:
        """The module's spec from the view; for another module of a course, none anywhere."""
        if name.partition(".")[0] not in self.roots:
            return None
        parts = name.split(".")
        spec = PathFinder.find_spec(name, [os.path.join(self.folder, *parts[:-1])])
        if spec is None:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return spec


def enter(folder: str, course: str, figures: Mapping[str, float],
          sources: dict[str, str]) -> None:
    """In a learner's process being graded, before its first cell: import the courses from
    their key-free view in ``folder`` only, make ``course`` the active one with ``figures``
    as its figures (:func:`coursekit.model.data.supply`), and run the lesson's handouts
    (``sources``, from :func:`handout_sources`)."""
    from coursekit.model.data import supply

    if folder not in sys.path:
        sys.path.insert(0, folder)
    sys.meta_path.insert(0, _ViewOnly(folder))
    supply(course, figures)
    hand_out(sources)


# -- the key-free package tree ---------------------------------------------------------------


#: The one hint of every exercise in a view without hints (some hints quote a number).
NO_HINTS = ("Hints are not shown while a notebook is graded.",)


def _exercise_source(exercise: Exercise, hints: bool) -> str:
    fields = {"id": exercise.id, "title": exercise.title, "answer": exercise.answer,
              "solution": "", "hints": exercise.hints if hints else NO_HINTS,
              "kind": exercise.kind,
              "points": exercise.points, "tolerance": exercise.tolerance,
              "unit": exercise.unit, "choices": exercise.choices, "withheld": True}
    return ("        _Exercise(" + ", ".join(f"{k}={v!r}" for k, v in fields.items())
            + "),\n")


def _lesson_source(lesson: Lesson, hints: bool) -> str:
    return ("from coursekit import Exercise as _Exercise, Lesson as _Lesson\n\n"
            f"LESSON = _Lesson(\n    id={lesson.id!r}, title={lesson.title!r}, "
            f"handouts={lesson.handouts!r},\n    exercises=(\n"
            + "".join(_exercise_source(e, hints) for e in lesson.public().exercises)
            + "    ),\n)\n")


def _path(folder: Path, module: types.ModuleType) -> Path:
    parts = module.__name__.split(".")
    if hasattr(module, "__path__"):
        return folder.joinpath(*parts, "__init__.py")
    return folder.joinpath(*parts[:-1], parts[-1] + ".py")


def _header(module: types.ModuleType) -> str:
    first = (inspect.getdoc(module) or module.__name__).splitlines()[0].rstrip(".")
    return f'"""{first} (key-free: the answers stay with the teacher)."""\n\n'


def write_public(folder: Path, course: Course, handouts_of: Iterable[Lesson] = (),
                 copy_data: bool = False, hints: bool = True) -> list[Path]:
    """Write the course's key-free package tree into ``folder``; return the files written.

    Each lesson module is its lesson's public declaration; the key-bearing modules keep only
    the handouts of the lessons in ``handouts_of`` (none: the tree has none). The data folder
    is linked, or copied with ``copy_data`` (for a wheel). Without ``hints`` (for grading,
    where no one reads them) each exercise has only :data:`NO_HINTS`, since some hints quote
    a number an earlier exercise computes. Fails with :class:`CourseError`
    if a handout is not in the course.
    """
    declared = {lesson.id: lesson for lesson in lessons().values()
                if lesson.course == course.id}
    closure = _handouts(handouts_of, course)
    written: list[Path] = []
    for name, module in _modules(course).items():
        path = _path(folder, module)
        path.parent.mkdir(parents=True, exist_ok=True)
        lesson = getattr(module, "LESSON", None)
        if name not in closure.key:
            text = inspect.getsource(module)
        elif name in closure.wanted or (isinstance(lesson, Lesson) and lesson.id in declared):
            text = _header(module) + (closure.source(name) if name in closure.wanted else "")
            if isinstance(lesson, Lesson) and _within(name, course.lessons_package):
                text += "\n" + _lesson_source(declared.get(lesson.id, lesson), hints)
        elif hasattr(module, "__path__"):
            text = _header(module)
        else:
            continue  # a module that holds a key and hands nothing out: left out
        path.write_text(text, encoding="utf-8")
        written.append(path)
    data = folder.joinpath(*course.package.split("."), course.data)
    source = Path(str(course.data_dir()))
    if copy_data:
        shutil.copytree(source, data, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
        written += sorted(p for p in data.rglob("*") if p.is_file())
    elif not data.exists():
        data.symlink_to(source.resolve(), target_is_directory=True)
    return written
