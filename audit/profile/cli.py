"""``exposure profile``: what a stranger learns from her own public pages.

Exit codes are those of ``scan``: 0 nothing at or above --fail-on, 1 something is, 2 usage error
or no page could be read at all.
"""

from __future__ import annotations

import os
import sys

import click

from audit import messages, sanitize
from audit.checkdata import ChecksError
from audit.cli import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    FailOn,
    FatalError,
    _checked_ids,
    _use_color,
    output_options,
    should_fail,
)
from audit.cli_options import language, me_option
from audit.formats import OutputFormat, render
from audit.me import MeFileError, load_me
from audit.outputs import OutputError, inputs_under, write_private
from audit.profile import words
from audit.redact import redact_report

#: The shared report options (-f, -o, --lang, --redact).
_report_options = output_options


@click.command("profile")
@click.argument("pages", nargs=-1, required=True, metavar="URL-or-FILE...")
@_report_options
@click.option(
    "--fail-on",
    type=click.Choice([choice.value for choice in FailOn]),
    default="high",
    show_default=True,
    help="Exit with code 1 if any finding is at least this severe.",
)
@click.option(
    "--select", multiple=True, metavar="ID", help="Only report findings starting with ID."
)
@click.option(
    "--ignore", multiple=True, metavar="ID", help="Do not report findings starting with ID."
)
@me_option(
    "A TOML file with your own names, handles, phones and e-mails (`exposure demo` writes "
    "an example me.toml)."
)
@click.option(
    "--metadata-only",
    is_flag=True,
    help="Check the page's pictures for metadata only (no watermarks, QR codes or faces).",
)
@click.option("--no-pictures", is_flag=True, help="Do not look at the page's pictures.")
@click.option(
    "--allow-local",
    is_flag=True,
    help="Also fetch addresses on this computer or the local network (for testing).",
)
def profile_command(
    pages: tuple[str, ...],
    output_format: str,
    output: str | None,
    lang: str | None,
    redact: bool,
    fail_on: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    me_file: str | None,
    metadata_only: bool,
    no_pictures: bool,
    allow_local: bool,
) -> None:
    """Show what a stranger learns from your own public profile pages, and check their pictures.

    \b
    Give a saved page (no network is used) or an address (fetched once,
    only because you asked). To save a page, especially one that needs a
    login to see: open your profile in a private (incognito) window, where
    you are logged out, as a stranger is; then File > Save page as, choose
    "Web page, complete", and give exposure the .html file. Its pictures
    are in the "_files" folder saved beside it.

    \b
    给出一个保存好的网页（不联网），或一个网址（只在你要求时访问一次）。
    保存网页的方法（尤其是需要登录才能看的页面）：在无痕（隐私）窗口中打开
    你的主页，此时你是未登录状态，和陌生人看到的一样；然后点“文件 > 网页
    另存为”，选择“网页，全部”，再把保存的 .html 文件交给 exposure。
    页面里的图片保存在旁边的“_files”文件夹里。

    \b
    Example:
        exposure profile ~/Downloads/weibo.html
        exposure profile xhs.html douyin.html --me me.toml --format markdown
        exposure profile https://example.org/~me/ --lang zh
    """
    # Imported here: parsing and fetching pages loads libraries the other commands never use.
    from audit.profile.run import ProfileOptions, is_address, run_profile
    from audit.sources.fetch import FetchOptions

    chosen = language(lang)
    try:
        me = load_me(me_file) if me_file else None
    except MeFileError as error:
        raise FatalError(error.message, chosen) from None
    options = ProfileOptions(
        inputs=pages,
        me=me,
        fetch=FetchOptions(allow_local=allow_local),
        metadata_only=metadata_only,
        no_pictures=no_pictures,
        select=_checked_ids(select, "--select", chosen),
        ignore=_checked_ids(ignore, "--ignore", chosen),
    )

    def progress(page: str) -> None:
        if is_address(page):
            shown = sanitize.terminal(page)
            click.echo(words.FETCHING.get(chosen).format(shown=shown), file=sys.stderr)

    try:
        report = run_profile(options, progress)
    except ChecksError as error:
        raise FatalError(messages.CHECKS_DAMAGED.format(error=error), chosen) from None
    except KeyboardInterrupt:
        raise FatalError(messages.STOPPED, chosen) from None
    if redact:
        report = redact_report(report)
    text = render(
        report, OutputFormat(output_format), chosen, color=not output and _use_color(sys.stdout)
    )
    if output:
        try:
            local = [page for page in pages if not is_address(page)]
            # A saved page keeps its pictures in "<name>_files" beside it: those are hers too.
            local += [os.path.splitext(page)[0] + "_files" for page in local]
            write_private(output, text, protected=inputs_under(output, local))
        except OutputError as error:
            raise FatalError(error.message, chosen) from None
    else:
        click.echo(text, nl=False)
    page_paths = set(pages)
    if not any(p.status.value == "audited" for p in report.photos if p.path in page_paths):
        click.echo(
            ("错误：" if chosen.value == "zh" else "Error: ") + words.NO_PAGE.get(chosen), err=True
        )
        sys.exit(2)
    sys.exit(EXIT_FINDINGS if should_fail(report, fail_on) else EXIT_CLEAN)


#: The command as ``exposure`` registers it (typed, since audit.cli and this module import each
#: other).
profile: click.Command = profile_command
