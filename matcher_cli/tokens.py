"""``matcher token``: create, list and revoke API tokens (the first admin token comes from here)."""

from __future__ import annotations

from typing import Annotated

import typer

from matcher.access import ADMIN, TokenService
from matcher.access.principal import ROLES, Role
from matcher_cli.runtime import database, run

token_app = typer.Typer(help="API tokens: create, list, revoke.", no_args_is_help=True)


@token_app.command("create")
def create_command(
    role: Annotated[str, typer.Option(help=f"One of {', '.join(ROLES)}.")],
    name: Annotated[str, typer.Option(help="What the token is for (shown in listings).")],
    subject: Annotated[
        str | None,
        typer.Option(
            help="Who the token acts for: a numeric id (employer, agency, worker, organizer) "
            "or, for agencies and organizers, an external id (created when missing)."
        ),
    ] = None,
    expires_in_days: Annotated[int | None, typer.Option(min=1, max=3650)] = None,
) -> None:
    """Create a token; the secret is printed once, as the last line."""
    if role not in ROLES:
        raise typer.BadParameter(f"must be one of {', '.join(ROLES)}", param_hint="--role")
    checked_role: Role = role
    subject_id = int(subject) if subject is not None and subject.isdigit() else None
    subject_external_id = subject if subject is not None and subject_id is None else None

    async def main() -> str:
        async with database() as conn, conn.transaction():
            record, secret = await TokenService(conn).issue(
                ADMIN,
                name=name,
                role=checked_role,
                subject_id=subject_id,
                subject_external_id=subject_external_id,
                expires_in_days=expires_in_days,
            )
        typer.echo(
            f"token {record.id}: role={record.role} subject={record.subject_id} "
            f"expires={record.expires_at or 'never'}"
        )
        return secret

    typer.echo(run(main))


@token_app.command("list")
def list_command() -> None:
    """List tokens (never their secrets)."""

    async def main() -> None:
        async with database() as conn:
            after = ""
            service = TokenService(conn)
            while True:
                records, after_cursor = await service.list(ADMIN, after or None, 200)
                for r in records:
                    state = "revoked" if r.revoked_at else "active"
                    typer.echo(
                        f"{r.id}\t{r.role}\t{r.subject_id or '-'}\t{state}\t"
                        f"{r.expires_at or 'never'}\t{r.name}"
                    )
                if after_cursor is None:
                    return
                after = after_cursor

    run(main)


@token_app.command("revoke")
def revoke_command(token_id: Annotated[int, typer.Argument(help="Token id.")]) -> None:
    """Revoke a token: it answers 401 from now on. A token revoked before is left as it was
    and reported as such ("was already revoked at ..."), still with exit status 0: the
    wanted state holds either way, so scripts may revoke again safely."""

    async def main() -> None:
        async with database() as conn, conn.transaction():
            # now() is the transaction's start: a revocation made here carries exactly it,
            # one made before carries an earlier time (the first revocation time is kept).
            started = await conn.fetchval("SELECT now()")
            record = await TokenService(conn).revoke(ADMIN, token_id)
        if record.revoked_at is not None and record.revoked_at < started:
            typer.echo(
                f"token {token_id} was already revoked at {record.revoked_at.isoformat()}; "
                "nothing changed"
            )
        else:
            typer.echo(f"token {token_id} revoked")

    run(main)
