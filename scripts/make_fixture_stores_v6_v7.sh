#!/bin/sh
# Write tests/fixtures/store_vN.db and store_vN_received.age for N = 6 and 7:
# stores made by the loket that brought transfers (77c162a: its schema is
# v1, v2, v3 and v6_transfer, user_version 4, merged before v4 and v5: a store
# whose steps a later version applies out of order) and by the last loket at
# schema 7 (758b2f1: transfers and the register ledger, before the search
# index). Each holds a colleague, a case sent to her, a case received from her
# (the .age file is that transfer, encrypted to this store); store 7 also a
# register consent. Committed so that every later version is tested to open,
# migrate, verify and keep every record of it, and to keep the transfer tables
# it holds under the meta MAC (tests/storage/test_fixture_store_v1_v3.py).
# Never regenerate them in a later version. All data is synthetic. Run on
# 7 December 2026 (UTC); passphrase "fixtuur wachtwoord N" (19 MiB, 2 passes).
set -eu
root=$(git rev-parse --show-toplevel)
python=${PYTHON:-$root/.venv/bin/python}
work=$(mktemp -d)
cd "$work"  # `python -m` puts the working directory first on sys.path: not the checkout
for pair in 6:77c162a 7:758b2f1; do
  n=${pair%%:*}
  commit=${pair#*:}
  git -C "$root" worktree add --detach "$work/v$n" "$commit"
  (
    export PYTHONPATH="$work/v$n" TZ=UTC LOKET_NO_AGENT=1 LOKET_PASSPHRASE="fixtuur wachtwoord $n"
    L="$python -m loketcli"
    A="--db $work/a$n/loket.db"
    B="--db $work/b$n/loket.db"
    $L init $A --no-recovery-key --kdf-memory-kib 19456 --kdf-iterations 2
    $L init $B --no-recovery-key --kdf-memory-kib 19456 --kdf-iterations 2
    IA=$($L identity $A)
    IB=$($L identity $B)
    $L colleague add Bea "$IB" $A
    $L colleague add Aad "$IA" $B
    $L intake $A --name "Eerste Fixtuurpersoon" --question "Brief van de Belastingdienst niet begrepen" \
       --channel balie --agency toeslagen --consent --minutes 20 --phone 0612345678 --bsn 123456782
    $L intake $A --name "Tweede Fixtuur" --question "Gaat naar Bea" --channel telefoon --agency uwv
    $L note $A 2 "notitie voor Bea"
    echo "Bea spreekt Pools" | $L transfer send 2 --to Bea -o "$work/k2-$n.age" $A
    $L transfer receive "$work/k2-$n.age" $B
    $L intake $B --name "Derde Fixtuur" --question "Komt van Bea" --channel balie --email derde.fixtuur@example.org
    $L followup add $B 2 "loonstroken meenemen" --due "over 5 werkdagen"
    echo "Aad heeft tijd" | $L transfer send 2 --to Aad -o "$work/b2-$n.age" $B
    $L transfer receive "$work/b2-$n.age" $A
    if [ "$n" = 7 ]; then $L register consent 1 $A; fi
  )
  cp "$work/a$n/loket.db" "$root/tests/fixtures/store_v$n.db"
  cp "$work/b2-$n.age" "$root/tests/fixtures/store_v${n}_received.age"
  git -C "$root" worktree remove --force "$work/v$n"
done
