// The sql.js API semantics, one case each. Every case runs against real
// sql.js and against genjin-sql.js (tests/node/sqljs.test.js under node,
// tests/browser/sqljs.test.js in Chromium); their outputs must be the same,
// and where a case has `expect` they must equal it too (so a case cannot
// pass by both sides being equally wrong). Loads as CommonJS or, in a page,
// as a classic script (global SqlJsCases).
(function (root) {
  'use strict';

  /* Values as comparable JSON: blobs, BigInts, errors tagged. */
  function norm(v) {
    if (v instanceof Uint8Array) return { blob: Array.from(v) };
    if (typeof v === 'bigint') return { bigint: v.toString() };
    if (typeof v === 'number' && !Number.isFinite(v)) return { number: String(v) };
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === 'object') {
      const out = {};
      for (const k of Object.keys(v)) out[k] = norm(v[k]);
      return out;
    }
    return v === undefined ? { undefined: true } : v;
  }

  /* What fn throws (sql.js sometimes throws strings), or its result. */
  function attempt(fn) {
    try {
      return { ok: norm(fn()) };
    } catch (e) {
      return { error: typeof e === 'string' ? e : e && e.message };
    }
  }

  function fresh(SQL) {
    const db = new SQL.Database();
    db.run('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n NUMERIC, b BLOB)');
    db.run("INSERT INTO t (name, n, b) VALUES ('甲', 1, x'00ff'), ('乙', 2.5, NULL), ('丙', NULL, x'')");
    return db;
  }

  const cases = [
    { name: 'exec returns columns and values per statement that has rows',
      expect: [{ columns: ['id', 'name'], values: [[1, '甲'], [2, '乙'], [3, '丙']] },
        { columns: ['x'], values: [[1]] }],
      run: (SQL) => {
        const db = fresh(SQL);
        return db.exec("SELECT id, name FROM t ORDER BY id; UPDATE t SET n = n; SELECT 1 AS x; SELECT 2 WHERE 0");
      } },
    { name: 'exec of empty SQL, comments or row-less statements gives []',
      expect: [[], [], []],
      run: (SQL) => {
        const db = fresh(SQL);
        return [db.exec(''), db.exec('  -- nothing\n /* at all */ '), db.exec('CREATE TABLE u (x); DELETE FROM u')];
      } },
    { name: 'exec binds an object of $/:/@ parameters to every statement',
      expect: [{ columns: ['id'], values: [[1], [2]] }, { columns: ['age', 'name'], values: [[1, 'Ling']] }],
      run: (SQL) => {
        const db = new SQL.Database();
        return db.exec(
          'DROP TABLE IF EXISTS test;' +
          'CREATE TABLE test (id INTEGER, age INTEGER, name TEXT);' +
          'INSERT INTO test VALUES ($id1, :age1, @name1);' +
          'INSERT INTO test VALUES ($id2, :age2, @name2);' +
          'SELECT id FROM test;' +
          'SELECT age,name FROM test WHERE id=$id1',
          { $id1: 1, ':age1': 1, '@name1': 'Ling', $id2: 2, ':age2': 18, '@name2': 'Paul' });
      } },
    { name: 'exec with array params: one statement works, more fail on the extra bindings',
      run: (SQL) => {
        const db = fresh(SQL);
        return [attempt(() => db.exec('SELECT name FROM t WHERE id = ?', [2])),
          attempt(() => db.exec('SELECT ?; SELECT 1', [7]))];
      } },
    { name: 'exec stops at the first failing statement, keeping earlier effects',
      run: (SQL) => {
        const db = fresh(SQL);
        const r = attempt(() => db.exec("INSERT INTO t (name) VALUES ('丁'); SELECT * FROM nowhere; INSERT INTO t (name) VALUES ('戊')"));
        return [r, db.exec('SELECT count(*) FROM t')];
      } },
    { name: 'run with and without params returns the database; multi-statement run',
      expect: [true, true, [{ columns: ['v'], values: [['a'], ['b'], ['c'], ['d']] }]],
      run: (SQL) => {
        const db = new SQL.Database();
        const a = db.run('CREATE TABLE x (v); INSERT INTO x VALUES (\'a\'); INSERT INTO x VALUES (\'b\')') === db;
        const b = db.run('INSERT INTO x VALUES (?)', ['c']).run('INSERT INTO x VALUES ($v)', { $v: 'd' }) === db;
        return [a, b, db.exec('SELECT v FROM x ORDER BY v')];
      } },
    { name: 'prepare, bind an array, step, get, getAsObject, getColumnNames',
      expect: [['id', 'name', 'n', 'b'], true, [1, '甲', 1, { blob: [0, 255] }],
        { id: 1, name: '甲', n: 1, b: { blob: [0, 255] } }, false],
      run: (SQL) => {
        const db = fresh(SQL);
        const stmt = db.prepare('SELECT * FROM t WHERE id = ?');
        const names = stmt.getColumnNames();
        stmt.bind([1]);
        const stepped = stmt.step();
        const row = stmt.get();
        const obj = stmt.getAsObject();
        const more = stmt.step();
        stmt.free();
        return [names, stepped, row, obj, more];
      } },
    { name: 'prepare with params; get and getAsObject with params bind and step',
      expect: [['乙'], { name: '丙' }, { name: '甲' }],
      run: (SQL) => {
        const db = fresh(SQL);
        const stmt = db.prepare('SELECT name FROM t WHERE id = :id', { ':id': 2 });
        stmt.step();
        const a = stmt.get();
        const b = stmt.getAsObject({ ':id': 3 });
        const c = stmt.getAsObject([1]);
        stmt.free();
        return [a, b, c];
      } },
    { name: 'bound JS values and the SQLite types they become',
      expect: [['null', null], ['integer', 1], ['integer', 0], ['integer', 42], ['integer', -7],
        ['real', 1099511627776], ['real', 2.5], ['text', '中文 😀'], ['blob', { blob: [1, 2, 3] }],
        ['blob', { blob: [4, 5] }], ['text', '9007199254740993'], ['blob', { blob: [] }], ['integer', 2147483647],
        ['real', 2147483648]],
      run: (SQL) => {
        const db = new SQL.Database();
        const values = [null, true, false, 42, -7, 2 ** 40, 2.5, '中文 😀', new Uint8Array([1, 2, 3]), [4, 5],
          BigInt('9007199254740993'), new Uint8Array(0), 2147483647, 2147483648];
        const stmt = db.prepare('SELECT typeof(?1), ?1');
        const out = values.map((v) => stmt.get([v]));
        stmt.free();
        return out;
      } },
    { name: 'binding an unknown type throws',
      run: (SQL) => {
        const db = new SQL.Database();
        const stmt = db.prepare('SELECT ?');
        return [attempt(() => stmt.bind([undefined])), attempt(() => stmt.bind([{}])), attempt(() => stmt.bind([() => 1]))];
      } },
    { name: 'object binding ignores unknown names; names need their prefix',
      expect: [[1, null, 3]],
      run: (SQL) => {
        const db = new SQL.Database();
        const stmt = db.prepare('SELECT $a, $b, @c');
        stmt.bind({ $a: 1, b: 2, '@c': 3, $zzz: 4 });
        stmt.step();
        const r = [stmt.get()];
        stmt.free();
        return r;
      } },
    { name: 'bind with too many values throws SQLite\'s range error',
      run: (SQL) => {
        const db = new SQL.Database();
        const stmt = db.prepare('SELECT ?');
        return attempt(() => stmt.bind([1, 2]));
      } },
    { name: 'reset clears the bindings and rewinds; bind resets first',
      expect: [[5], [null], [6], true],
      run: (SQL) => {
        const db = new SQL.Database();
        const stmt = db.prepare('SELECT ?');
        stmt.bind([5]); stmt.step();
        const a = stmt.get();
        const ok = stmt.reset();
        stmt.step();
        const b = stmt.get();
        stmt.bind([6]); stmt.step();
        const c = stmt.get();
        stmt.free();
        return [a, b, c, ok];
      } },
    { name: 'Statement.run inserts repeatedly; getRowsModified counts the last write',
      expect: [false, 3, 1, 3, 3],
      run: (SQL) => {
        const db = new SQL.Database();
        db.run('CREATE TABLE x (v)');
        const stmt = db.prepare('INSERT INTO x VALUES (?)');
        let r;
        for (const v of ['a', 'b', 'c']) r = stmt.run([v]);
        stmt.free();
        const one = db.getRowsModified();
        db.run('UPDATE x SET v = upper(v)');
        const three = db.getRowsModified();
        db.exec('SELECT * FROM x');
        return [r === undefined, db.exec('SELECT count(*) FROM x')[0].values[0][0], one, three, db.getRowsModified()];
      } },
    { name: 'integers: numbers by default (beyond 2^53 rounded), BigInt with useBigInt',
      expect: [[9223372036854775807, -5, 1.5],
        [{ bigint: '9223372036854775807' }, { bigint: '-5' }, 1.5],
        [{ bigint: '9007199254740993' }]],
      run: (SQL) => {
        const db = new SQL.Database();
        const sql = 'SELECT 9223372036854775807, -5, 1.5';
        const stmt = db.prepare('SELECT 9007199254740993');
        stmt.step();
        const big = stmt.get(null, { useBigInt: true });
        stmt.free();
        return [db.exec(sql)[0].values[0], db.exec(sql, null, { useBigInt: true })[0].values[0], big];
      } },
    { name: 'text with NUL characters and non-BMP characters round-trips',
      expect: [['a\u0000b', 3, '𠀀x']],
      run: (SQL) => {
        const db = new SQL.Database();
        return db.exec('SELECT ?1, length(CAST(?1 AS BLOB)), ?2', ['a\u0000b', '𠀀x'])[0].values;
      } },
    { name: 'free: true, twice too; a freed statement throws on step and bind',
      run: (SQL) => {
        const db = new SQL.Database();
        const stmt = db.prepare('SELECT 1');
        return [stmt.free(), stmt.free(), attempt(() => stmt.step()), attempt(() => stmt.bind([1])),
          stmt.get(), stmt.getColumnNames()];
      } },
    { name: 'each calls back with row objects, then done (whose result it returns)',
      expect: [[{ name: '乙' }, { name: '丙' }], 'done', [{ name: '甲' }], { undefined: true }],
      run: (SQL) => {
        const db = fresh(SQL);
        const rows = [];
        const r = db.each('SELECT name FROM t WHERE id > $min ORDER BY id', { $min: 1 }, (row) => rows.push(row), () => 'done');
        const rows2 = [];
        const r2 = db.each('SELECT name FROM t WHERE id = 1', (row) => rows2.push(row));
        return [rows, r, rows2, r2];
      } },
    { name: 'iterateStatements yields each statement with its SQL',
      expect: [['SELECT 1 AS x;', { x: 1 }], [" SELECT '2' as y", { y: '2' }]],
      run: (SQL) => {
        const db = new SQL.Database();
        const out = [];
        for (const stmt of db.iterateStatements("SELECT 1 AS x; SELECT '2' as y")) {
          out.push([stmt.getSQL(), stmt.getAsObject({})]);
        }
        return out;
      } },
    { name: 'iterateStatements: a bad statement throws and getRemainingSQL tells where',
      run: (SQL) => {
        const db = new SQL.Database();
        const it = db.iterateStatements('SELECT 1; SELEC 2; SELECT 3');
        const seen = [];
        let error = null;
        try {
          for (const stmt of it) { stmt.step(); seen.push(stmt.get()); }
        } catch (e) {
          error = e.message;
        }
        return [seen, error, it.getRemainingSQL()];
      } },
    { name: 'iterateStatements: leaving early frees the statement',
      expect: [[[1]], { done: true }, { ok: [] }],
      run: (SQL) => {
        const db = new SQL.Database();
        db.run('CREATE TABLE x (v)');
        const it = db.iterateStatements('SELECT 1; SELECT 2');
        const seen = [];
        for (const stmt of it) { stmt.step(); seen.push(stmt.get()); break; }
        // Nothing keeps the table locked: DROP works.
        return [seen, it.next(), attempt(() => db.exec('DROP TABLE x'))];
      } },
    { name: 'export gives an SQLite file that new Database(bytes) opens; the connection stays usable',
      expect: ['SQLite format 3', [{ columns: ['name'], values: [['甲'], ['乙'], ['丙']] }], [[2]], 1,
        [{ columns: ['count(*)'], values: [[3]] }]],
      run: (SQL) => {
        const db = fresh(SQL);
        const stmt = db.prepare('SELECT 2');
        const bytes = db.export();
        const header = String.fromCharCode(...bytes.subarray(0, 15));
        const copy = new SQL.Database(bytes);
        const rows = copy.exec('SELECT name FROM t ORDER BY id');
        stmt.step();
        const still = [stmt.get()];
        stmt.free();
        copy.run("INSERT INTO t (name) VALUES ('only in the copy')");
        const w = bytes[18];
        copy.close();
        return [header, rows, still, w, db.exec('SELECT count(*) FROM t')];
      } },
    { name: 'new Database from a plain array and from an empty database export',
      expect: [[{ columns: ['v'], values: [[7]] }], [], { ok: [] }],
      run: (SQL) => {
        const src = new SQL.Database();
        src.run('CREATE TABLE x (v); INSERT INTO x VALUES (7)');
        const fromArray = new SQL.Database(Array.from(src.export()));
        const empty = new SQL.Database(new SQL.Database().export());
        return [fromArray.exec('SELECT v FROM x'), empty.exec('SELECT * FROM sqlite_schema'),
          attempt(() => empty.exec('CREATE TABLE y (z)'))];
      } },
    { name: 'a WAL-mode file opens from its bytes, takes writes and exports as a rollback-journal file',
      expect: [[{ columns: ['v'], values: [[1], [2]] }], [{ columns: ['count(*)'], values: [[3]] }], [1, 1]],
      run: (SQL) => {
        const src = new SQL.Database();
        src.run('CREATE TABLE t (v); INSERT INTO t VALUES (1), (2)');
        const bytes = src.export();
        bytes[18] = 2; // file format write and read versions 2: WAL mode
        bytes[19] = 2;
        const db = new SQL.Database(bytes);
        const rows = db.exec('SELECT v FROM t ORDER BY v');
        const count = db.exec('INSERT INTO t VALUES (3); SELECT count(*) FROM t');
        const out = db.export();
        return [rows, count, [out[18], out[19]]];
      } },
    { name: 'export inside a write transaction throws; after COMMIT it works',
      run: (SQL) => {
        const db = fresh(SQL);
        db.run("BEGIN; INSERT INTO t (name) VALUES ('pending')");
        const r = attempt(() => db.export().length > 0);
        db.run('COMMIT');
        return [r, new SQL.Database(db.export()).exec('SELECT count(*) FROM t')];
      } },
    { name: 'bytes that are not a database fail at the first statement',
      run: (SQL) => {
        const db = new SQL.Database(new Uint8Array(1024).fill(7));
        return attempt(() => db.exec('SELECT * FROM sqlite_schema'));
      } },
    { name: 'close is idempotent; a closed database and its statements throw',
      run: (SQL) => {
        const db = fresh(SQL);
        const stmt = db.prepare('SELECT 1');
        db.close();
        db.close();
        return [attempt(() => db.exec('SELECT 1')), attempt(() => db.run('SELECT 1')),
          attempt(() => db.export()), attempt(() => stmt.step())];
      } },
    { name: 'create_function: argument types as sql.js passes them',
      expect: [[['number', 3], ['number', 1.5], ['string', '文字'], ['Uint8Array', { blob: [1, 2] }], ['object', null]]],
      run: (SQL) => {
        const db = new SQL.Database();
        const seen = [];
        db.create_function('probe', (v) => { seen.push([v instanceof Uint8Array ? 'Uint8Array' : typeof v, v]); return 0; });
        db.exec("SELECT probe(3), probe(1.5), probe('文字'), probe(x'0102'), probe(NULL)");
        return [seen];
      } },
    { name: 'create_function: results as sql.js converts them',
      expect: [['integer', 1], ['real', 42], ['text', 'hé'], ['null', null], ['null', null], ['blob', { blob: [9, 8] }]],
      run: (SQL) => {
        const db = new SQL.Database();
        const results = [true, 42, 'hé', null, undefined, new Uint8Array([9, 8])];
        db.create_function('res', (i) => results[i]);
        return results.map((_, i) => db.exec(`SELECT typeof(res(${i})), res(${i})`)[0].values[0]);
      } },
    { name: 'create_function: a throwing function fails the statement with its message',
      run: (SQL) => {
        const db = new SQL.Database();
        db.create_function('bad', () => { throw new Error('bad input 坏'); });
        db.create_function('odd', () => ({}));
        db.create_function('str', () => { throw 'a string'; }); // eslint-disable-line no-throw-literal
        return [attempt(() => db.exec('SELECT bad()')), attempt(() => db.exec('SELECT odd()')),
          attempt(() => db.exec('SELECT str()'))];
      } },
    { name: 'create_function: arity is fn.length, names are case-insensitive, re-registering replaces',
      run: (SQL) => {
        const db = new SQL.Database();
        const r = db.create_function('add2', (a, b) => a + b) === db;
        const a = db.exec('SELECT ADD2(1, 2)')[0].values;
        const wrong = attempt(() => db.exec('SELECT add2(1)'));
        db.create_function('Add2', (a, b) => a * b);
        db.create_function('add2', (a) => -a); // another arity: both exist
        return [r, a, wrong, db.exec('SELECT add2(3, 4), add2(5)')[0].values];
      } },
    { name: 'create_aggregate: init, step, finalize per group; without init/finalize the state is the result',
      expect: [true, [[1, 14], [2, 9]], [[0]], [['11,21,31']], [[null]]],
      run: (SQL) => {
        const db = new SQL.Database();
        db.run('CREATE TABLE t (g, v); INSERT INTO t VALUES (1, 1), (1, 2), (1, 3), (2, 3)');
        const chained = db.create_aggregate('sumsq', {
          init: () => 0, step: (s, v) => s + v * v, finalize: (s) => s,
        }) === db;
        db.create_aggregate('cat', { step: (s, a, b) => (s ? `${s},` : '') + a + b });
        return [chained, db.exec('SELECT g, sumsq(v) FROM t GROUP BY g ORDER BY g')[0].values,
          db.exec('SELECT sumsq(v) FROM t WHERE 0')[0].values,
          db.exec('SELECT cat(v, g) FROM t WHERE g = 1')[0].values,
          db.exec('SELECT cat(v, g) FROM t WHERE 0')[0].values];
      } },
    { name: 'create_aggregate: a throwing step or finalize fails the statement; step is required',
      run: (SQL) => {
        const db = new SQL.Database();
        db.run('CREATE TABLE t (v); INSERT INTO t VALUES (1), (2)');
        db.create_aggregate('boom', { step: () => { throw new Error('no way'); } });
        db.create_aggregate('late', { step: (s, v) => v, finalize: () => { throw new Error('too late'); } });
        return [attempt(() => db.exec('SELECT boom(v) FROM t')), attempt(() => db.exec('SELECT late(v) FROM t')),
          attempt(() => db.exec('SELECT late(v) FROM t WHERE 0')), attempt(() => db.create_aggregate('nostep', {}))];
      } },
    { name: 'updateHook reports inserts, updates and deletes until removed',
      expect: [true, [['insert', 'main', 't', 1], ['insert', 'main', 't', 2], ['update', 'main', 't', 2],
        ['delete', 'main', 't', 1]], true],
      run: (SQL) => {
        const db = new SQL.Database();
        db.run('CREATE TABLE t (id INTEGER PRIMARY KEY, v)');
        const seen = [];
        const r = db.updateHook((...a) => seen.push(a)) === db;
        db.run("INSERT INTO t (v) VALUES ('a'), ('b'); UPDATE t SET v = 'c' WHERE id = 2; DELETE FROM t WHERE id = 1");
        const r2 = db.updateHook(null) === db;
        db.run("INSERT INTO t (v) VALUES ('z')");
        return [r, seen, r2];
      } },
    { name: 'errors carry SQLite\'s message',
      run: (SQL) => {
        const db = fresh(SQL);
        db.run('CREATE TABLE u (x UNIQUE NOT NULL)');
        db.run('INSERT INTO u VALUES (1)');
        return [attempt(() => db.exec('SELEC 1')), attempt(() => db.exec('SELECT * FROM nowhere')),
          attempt(() => db.run('INSERT INTO u VALUES (?)', [1])), attempt(() => db.run('INSERT INTO u VALUES (NULL)')),
          attempt(() => db.prepare('SELECT nope FROM t')), attempt(() => db.exec('SELECT 1', [1]))];
      } },
    { name: 'prepare of nothing throws; prepare compiles only the first statement',
      run: (SQL) => {
        const db = new SQL.Database();
        const stmt = db.prepare('SELECT 1; SELECT 2');
        stmt.step();
        const r = [stmt.get(), stmt.getSQL()];
        stmt.free();
        return [attempt(() => db.prepare('')), attempt(() => db.prepare('-- only a comment')), r];
      } },
    { name: 'getSQL and getNormalizedSQL',
      expect: [['select * from test where x = 42', 'SELECT*FROM test WHERE x=?;'],
        ["SELECT 'a', 1.5, ? FROM test", 'SELECT?,?,?FROM test;']],
      run: (SQL) => {
        const db = new SQL.Database();
        db.run('create table test (x integer);');
        return ['select * from test where x = 42', "SELECT 'a', 1.5, ? FROM test"].map((q) => {
          const stmt = db.prepare(q);
          const r = [stmt.getSQL(), stmt.getNormalizedSQL()];
          stmt.free();
          return r;
        });
      } },
    { name: 'a statement failing at step throws and leaves the database usable',
      run: (SQL) => {
        const db = new SQL.Database();
        db.run('CREATE TABLE x (v CHECK (v > 0))');
        const stmt = db.prepare('INSERT INTO x VALUES (?)');
        const e = attempt(() => stmt.run([-1]));
        const ok = stmt.run([1]);
        stmt.free();
        return [e, ok, db.exec('SELECT v FROM x')];
      } },
    { name: 'connection defaults match sql.js: foreign keys off, recursive triggers off, "strings"',
      expect: [[[0]], [[0]], [['dq']], [[4]]],
      run: (SQL) => {
        const db = new SQL.Database();
        return ['PRAGMA foreign_keys', 'PRAGMA recursive_triggers', 'SELECT "dq"', 'SELECT sqrt(16)']
          .map((q) => db.exec(q)[0].values);
      } },
    { name: 'transactions through run: ROLLBACK undoes, COMMIT keeps',
      expect: [[{ columns: ['v'], values: [['kept']] }]],
      run: (SQL) => {
        const db = new SQL.Database();
        db.run('CREATE TABLE x (v)');
        db.run("BEGIN; INSERT INTO x VALUES ('gone'); ROLLBACK");
        db.run("BEGIN; INSERT INTO x VALUES ('kept'); COMMIT");
        return [db.exec('SELECT v FROM x')];
      } },
    { name: 'LIKE and GLOB match blobs as their bytes read as text',
      expect: [[[1, 1, 1, 1]]],
      run: (SQL) => new SQL.Database().exec(
        "SELECT x'616263' LIKE 'a%', x'616263' GLOB 'a*', x'e8b79fe8bf9b' LIKE '%进', x'00' LIKE '%'")
        .map((r) => r.values) },
    { name: 'full-text search: FTS3 and FTS4 tables, MATCH, snippet, offsets, parenthesised queries',
      expect: [[['a <b>b</b> c', '0 0 2 1']], [['x (y) z']], [[1]]],
      run: (SQL) => {
        const db = new SQL.Database();
        db.run("CREATE VIRTUAL TABLE f3 USING fts3(t); INSERT INTO f3 VALUES ('a b c'), ('d e')");
        db.run("CREATE VIRTUAL TABLE f4 USING fts4(t); INSERT INTO f4 VALUES ('x (y) z'), ('q')");
        return ["SELECT snippet(f3), offsets(f3) FROM f3 WHERE f3 MATCH 'b'",
          "SELECT t FROM f4 WHERE f4 MATCH '(y OR w) z'",
          "SELECT count(*) FROM f4 WHERE f4 MATCH 'q*'"].map((q) => db.exec(q)[0].values);
      } },
    { name: 'legacy extension functions: statistics over integers, reals, text, NULLs and ties',
      run: (SQL) => {
        const db = new SQL.Database();
        db.run("CREATE TABLE s (g, x); INSERT INTO s VALUES (1, 1), (1, 2), (1, 2), (1, 4), (1, 5), (1, 6)," +
          " (1, NULL), (1, '7'), (1, 8.5), (2, 1.5), (2, 2.5), (2, 2.5), (2, 'x'), (3, 3), (3, 1), (4, NULL)," +
          " (5, 2), (5, 2), (5, 3), (5, 3), (6, 4294967297), (6, 4294967297), (6, 1)");
        const fns = ['mode', 'median', 'lower_quartile', 'upper_quartile', 'variance', 'stdev'];
        return db.exec('SELECT g, ' + fns.map((f) => `${f}(x), typeof(${f}(x))`).join(', ') +
          ' FROM s GROUP BY g ORDER BY g')[0].values;
      } },
    { name: 'legacy extension functions: math with their own results (integer ceil, natural log, ...)',
      run: (SQL) => {
        const db = new SQL.Database();
        const exprs = ['ceil(2.5)', 'ceil(-2.5)', 'floor(2.5)', 'ceil(3)', "ceil('2.1')", 'floor(NULL)',
          'log(100)', 'log10(100)', 'exp(1)', 'sqrt(2)', 'sqrt(-1)', 'power(2, 10)', 'atn2(1, 1)', 'atan2(1, 2)',
          'sign(-3)', 'sign(0.5)', 'sign(0)', 'square(3)', 'square(1.5)', 'pi()', 'degrees(pi())',
          'radians(180)', 'cot(1)', 'coth(1)', 'acosh(2)', 'asinh(1)', 'atanh(0.5)', 'cosh(1)', 'sinh(1)',
          'tanh(1)', 'acos(2)', "sin('a')", 'ceil(1e300)', 'floor(-9e999)', 'ceil(9.3e18)'];
        return exprs.map((e) => [e].concat(db.exec(`SELECT ${e}, typeof(${e})`)[0].values[0]));
      } },
    { name: 'legacy extension functions: text (replicate, charindex, leftstr, padl, proper, ...)',
      run: (SQL) => {
        const db = new SQL.Database();
        const exprs = ["replicate('ab', 3)", "replicate('跟', 2)", "replicate('', 3)", "charindex('b', 'abcb')",
          "charindex('b', 'abcb', 3)", "charindex('进', '跟进跟进', 3)", "charindex('', 'abc')", "charindex('z', 'abc')",
          "leftstr('跟进客户', 2)", "leftstr('abc', 0)", "rightstr('跟进客户', 3)", "rightstr('abc', 9)",
          "reverse('跟进abc')", "proper('hELLO wORLD	x')", "padl('ab', 5)", "padr('跟进', 4)", "padc('a', 4)",
          "padl('abcdef', 3)", "strfilter('a1b2跟3', '12跟')", "difference('Robert', 'Rupert')",
          "difference('Ashcraft', 'Tymczak')", "difference('', 'a')", "replicate(NULL, 2)", "padl(NULL, 2)"];
        const rows = exprs.map((e) => [e].concat(db.exec(`SELECT ${e}, typeof(${e})`)[0].values[0]));
        rows.push(attempt(() => db.exec("SELECT replicate('a', -1)")), attempt(() => db.exec("SELECT padl('a', -1)")));
        return rows;
      } },
    { name: 'a larger result: 5000 rows with mixed types',
      run: (SQL) => {
        const db = new SQL.Database();
        const r = db.exec("WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 5000) " +
          "SELECT i, i * 0.5, 'row ' || i, CASE WHEN i % 7 = 0 THEN NULL ELSE zeroblob(2) END FROM c");
        return [r[0].values.length, r[0].values[4999], r[0].columns];
      } },
  ];

  const api = { cases, norm, attempt };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.SqlJsCases = api;
})(typeof self !== 'undefined' ? self : this);
