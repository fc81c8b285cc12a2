import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignatureError, type JsonSchema } from '../types.js';
import { parsePythonSignature } from './signature.js';

/** The schema of one parameter `x` declared as `x<declaration>` in main, after an optional prelude. */
function param(declaration: string, prelude = ''): JsonSchema {
  return parsePythonSignature(`${prelude}\ndef main(x${declaration}):\n    pass\n`).schema.properties.x;
}

function isRequired(declaration: string, prelude = ''): boolean {
  return parsePythonSignature(`${prelude}\ndef main(x${declaration}):\n    pass\n`).schema.required.includes('x');
}

describe('parsePythonSignature: main forms', () => {
  it('reads a plain def with parameter order kept', () => {
    assert.deepEqual(parsePythonSignature('def main(name: str, count: int, ratio: float, on: bool):\n    return 1\n'), {
      schema: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          count: { type: 'integer' },
          ratio: { type: 'number' },
          on: { type: 'boolean' },
        },
        required: ['name', 'count', 'ratio', 'on'],
      },
      order: ['name', 'count', 'ratio', 'on'],
    });
  });

  it('reads async and decorated mains and keeps declaration order, not alphabetical', () => {
    const signature = parsePythonSignature('@traced\nasync def main(zeta: str, alpha: int = 1):\n    pass\n');
    assert.deepEqual(Object.keys(signature.schema.properties), ['zeta', 'alpha']);
    assert.deepEqual(signature.order, ['zeta', 'alpha']);
    assert.deepEqual(signature.schema.required, ['zeta']);
  });

  it('accepts a main without parameters', () => {
    assert.deepEqual(parsePythonSignature('def main():\n    return 42\n'), {
      schema: { type: 'object', properties: {}, required: [] },
      order: [],
    });
  });

  it('ignores *args, **kwargs and the bare * separator but keeps keyword-only parameters', () => {
    const signature = parsePythonSignature('def main(a: int, /, b: str, *args, c: bool = True, **kwargs): pass');
    assert.deepEqual(signature.order, ['a', 'b', 'c']);
    assert.deepEqual(parsePythonSignature('def main(a, *, b=1): pass').order, ['a', 'b']);
  });

  it('ignores nested and conditional functions named main; a later top-level main wins', () => {
    const source = [
      'def helper():',
      '    def main(z): pass',
      'if False:',
      '    def main(y): pass',
      'def main(old): pass',
      'def main(new: str): pass',
    ].join('\n');
    assert.deepEqual(parsePythonSignature(source).order, ['new']);
  });
});

describe('parsePythonSignature: errors', () => {
  it('reports a syntax error at its line and column', () => {
    const source = 'import os\n\ndef main(a: int,\n         b: str = ):\n    pass\n';
    assert.throws(
      () => parsePythonSignature(source),
      (error: unknown) => error instanceof SignatureError && error.line === 4 && error.column === 19,
    );
  });

  it('reports a missing colon on the def line', () => {
    assert.throws(
      () => parsePythonSignature('def main(a: int)\n    return a\n'),
      (error: unknown) => error instanceof SignatureError && error.line === 1 && error.column === 17,
    );
  });

  it('reports an error after main too, since the script would not run', () => {
    assert.throws(
      () => parsePythonSignature('def main():\n    pass\n\nx = (1,\n'),
      (error: unknown) => error instanceof SignatureError && error.line !== undefined && error.line >= 4,
    );
  });

  it('reports an unterminated string on one line', () => {
    assert.throws(() => parsePythonSignature('def main():\n    s = "open\n    return s\n'), {
      name: 'SignatureError',
      message: 'line 2, column 9: unterminated string literal',
    });
    assert.doesNotThrow(() => parsePythonSignature('def main():\n    s = "q\\" r" + r"\\\\" + "\\\\"\n'));
  });

  it('accepts modern syntax, including spots the grammar predates', () => {
    const source = [
      'type Pair[K] = tuple[K, K]',
      'def first[T](xs: list[T]) -> T: return xs[0]',
      'async def main(a: int, b: str = "x"):',
      '    match a:',
      '        case 1 | 2: pass',
      '        case {"k": v, **rest}: pass',
      '        case _: pass',
      '    if (n := len(b)) > 3:',
      '        print(f"{n!r:>10} {b["x"] if b else 0} {{literal}}")',
      '    async with (open("a") as f1, open("b") as f2):',
      '        pass',
      '    try:',
      '        x = yield',
      '    except* ValueError:',
      '        pass',
      '    shape: tuple[*Ts] = ()',
    ].join('\n');
    assert.deepEqual(parsePythonSignature(source).order, ['a', 'b']);
  });

  it('still reports a real error inside a parenthesized with', () => {
    assert.throws(() => parsePythonSignature('def main():\n    with (open("a") as f:\n        pass\n'), SignatureError);
  });

  it('reports a script without main', () => {
    assert.throws(() => parsePythonSignature('def run(a: int):\n    pass\n'), {
      name: 'SignatureError',
      message: 'no function named main found',
    });
    assert.throws(() => parsePythonSignature('main = lambda a: a\n'), SignatureError);
  });
});

describe('parsePythonSignature: scalar types', () => {
  it('maps builtins', () => {
    assert.deepEqual(param(': int'), { type: 'integer' });
    assert.deepEqual(param(': float'), { type: 'number' });
    assert.deepEqual(param(': bool'), { type: 'boolean' });
    assert.deepEqual(param(': str'), { type: 'string' });
  });

  it('maps dates and bytes', () => {
    assert.deepEqual(param(': datetime'), { type: 'string', format: 'date-time' });
    assert.deepEqual(param(': datetime.datetime'), { type: 'string', format: 'date-time' });
    assert.deepEqual(param(': date'), { type: 'string', format: 'date' });
    assert.deepEqual(param(': datetime.date'), { type: 'string', format: 'date' });
    assert.deepEqual(param(': bytes'), { type: 'string', contentEncoding: 'base64' });
  });

  it("maps Windmill's Sql as Windmill does, not to a resource", () => {
    assert.deepEqual(param(': Sql'), { type: 'string', format: 'sql' });
    assert.deepEqual(param(': wmill.Sql'), { type: 'string', format: 'sql' });
    assert.deepEqual(param(': sql'), { type: 'string', format: 'sql' });
  });

  it('leaves Any, object and untyped parameters without a type', () => {
    assert.deepEqual(param(': Any'), {});
    assert.deepEqual(param(': typing.Any'), {});
    assert.deepEqual(param(': object'), {});
    assert.deepEqual(param(''), {});
    assert.equal(isRequired(''), true);
  });

  it('reads string (forward-reference) annotations', () => {
    assert.deepEqual(param(': "int"'), { type: 'integer' });
    assert.deepEqual(param(": 'list[str]'"), { type: 'array', items: { type: 'string' } });
  });
});

describe('parsePythonSignature: containers', () => {
  it('maps lists with typed items, whatever the spelling', () => {
    for (const spelling of [': list[int]', ': List[int]', ': typing.List[int]', ': t.Sequence[int]', ': set[int]']) {
      assert.deepEqual(param(spelling), { type: 'array', items: { type: 'integer' } }, spelling);
    }
    assert.deepEqual(param(': list'), { type: 'array' });
    assert.deepEqual(param(': list[list[str]]'), {
      type: 'array',
      items: { type: 'array', items: { type: 'string' } },
    });
  });

  it('maps tuples', () => {
    assert.deepEqual(param(': tuple[int, ...]'), { type: 'array', items: { type: 'integer' } });
    assert.deepEqual(param(': tuple[float, float]'), { type: 'array', items: { type: 'number' } });
    assert.deepEqual(param(': tuple[str, int]'), { type: 'array' });
  });

  it('maps dicts to objects, with typed values as additionalProperties', () => {
    assert.deepEqual(param(': dict'), { type: 'object' });
    assert.deepEqual(param(': Dict[str, Any]'), { type: 'object' });
    assert.deepEqual(param(': dict[str, int]'), { type: 'object', additionalProperties: { type: 'integer' } });
    assert.deepEqual(param(': typing.Mapping[str, list[str]]'), {
      type: 'object',
      additionalProperties: { type: 'array', items: { type: 'string' } },
    });
  });
});

describe('parsePythonSignature: optional and unions', () => {
  it('makes Optional[X], Union[X, None] and X | None optional and nullable', () => {
    for (const spelling of [': Optional[int]', ': typing.Optional[int]', ': t.Union[int, None]', ': int | None']) {
      assert.deepEqual(param(spelling), { type: 'integer', nullable: true }, spelling);
      assert.equal(isRequired(spelling), false, spelling);
    }
    assert.deepEqual(param(': None | str'), { type: 'string', nullable: true });
  });

  it('uses anyOf for a union of different types', () => {
    assert.deepEqual(param(': Union[int, str]'), { anyOf: [{ type: 'integer' }, { type: 'string' }] });
    assert.deepEqual(param(': int | str | None'), { anyOf: [{ type: 'integer' }, { type: 'string' }] });
  });

  it('makes a parameter with any default optional', () => {
    assert.equal(isRequired(': int = 1'), false);
    assert.equal(isRequired(': int = compute()'), false);
  });
});

describe('parsePythonSignature: enums', () => {
  it('maps Literal[...] to an enum', () => {
    assert.deepEqual(param(': Literal["a", "b"]'), { type: 'string', enum: ['a', 'b'] });
    assert.deepEqual(param(': typing.Literal[1, 2, -3]'), { type: 'integer', enum: [1, 2, -3] });
    assert.deepEqual(param(': Literal["a", 1]'), { enum: ['a', 1] });
    assert.deepEqual(param(': Literal["a", None]'), { type: 'string', enum: ['a'], nullable: true });
    assert.deepEqual(param(': Literal["a"] | Literal["b"]'), { type: 'string', enum: ['a', 'b'] });
  });

  it('maps an Enum class defined in the file to its values', () => {
    const prelude = 'from enum import Enum\nclass Color(str, Enum):\n    RED = "red"\n    GREEN = "green"\n';
    assert.deepEqual(param(': Color', prelude), { type: 'string', enum: ['red', 'green'] });
    assert.deepEqual(param(': Color = Color.GREEN', prelude), {
      type: 'string',
      enum: ['red', 'green'],
      default: 'green',
    });
    assert.deepEqual(param(': Optional[Color] = None', prelude), {
      type: 'string',
      enum: ['red', 'green'],
      nullable: true,
      default: null,
    });
  });

  it('handles enum.Enum bases, integer values and auto()', () => {
    const ints = 'import enum\nclass Level(enum.IntEnum):\n    LOW = 1\n    HIGH = 2\n';
    assert.deepEqual(param(': Level', ints), { type: 'integer', enum: [1, 2] });
    const auto = 'class Mode(Enum):\n    """Speed."""\n    FAST = auto()\n    SLOW = auto()\n';
    assert.deepEqual(param(': Mode', auto), { type: 'string', enum: ['FAST', 'SLOW'] });
    const strAuto = 'class Mode(StrEnum):\n    FAST = auto()\n';
    assert.deepEqual(param(': Mode', strAuto), { type: 'string', enum: ['fast'] });
  });

  it('resolves a Literal alias', () => {
    assert.deepEqual(param(': Mode', 'Mode = Literal["fast", "slow"]'), { type: 'string', enum: ['fast', 'slow'] });
    assert.deepEqual(param(': Mode', 'Mode: TypeAlias = Literal["fast"]'), { type: 'string', enum: ['fast'] });
    assert.deepEqual(param(': Mode', 'type Mode = Literal["fast"]'), { type: 'string', enum: ['fast'] });
  });
});

describe('parsePythonSignature: classes as objects', () => {
  it('maps a TypedDict with required and NotRequired fields', () => {
    const prelude = 'class Point(TypedDict):\n    x: float\n    y: float\n    label: NotRequired[str]\n';
    assert.deepEqual(param(': Point', prelude), {
      type: 'object',
      properties: { x: { type: 'number' }, y: { type: 'number' }, label: { type: 'string' } },
      required: ['x', 'y'],
    });
  });

  it('makes no field required in a total=False TypedDict', () => {
    assert.deepEqual(param(': Opts', 'class Opts(TypedDict, total=False):\n    a: int\n'), {
      type: 'object',
      properties: { a: { type: 'integer' } },
    });
  });

  it('maps a dataclass with defaults and nested classes', () => {
    const prelude = [
      '@dataclass',
      'class Inner:',
      '    when: datetime',
      '@dataclasses.dataclass(frozen=True)',
      'class Outer:',
      '    inner: Inner',
      '    tags: list[str] = field(default_factory=list)',
      '    retries: int = 3',
    ].join('\n');
    assert.deepEqual(param(': Outer', prelude), {
      type: 'object',
      properties: {
        inner: {
          type: 'object',
          properties: { when: { type: 'string', format: 'date-time' } },
          required: ['when'],
        },
        tags: { type: 'array', items: { type: 'string' } },
        retries: { type: 'integer', default: 3 },
      },
      required: ['inner'],
    });
  });

  it('stops at a recursive class instead of looping', () => {
    const prelude = 'class Node(TypedDict):\n    value: int\n    children: list["Node"]\n';
    assert.deepEqual(param(': Node', prelude), {
      type: 'object',
      properties: { value: { type: 'integer' }, children: { type: 'array', items: { type: 'object' } } },
      required: ['value', 'children'],
    });
  });

  it('resolves NewType to its underlying type', () => {
    assert.deepEqual(param(': UserId', 'UserId = NewType("UserId", int)'), { type: 'integer' });
  });
});

describe('parsePythonSignature: resources', () => {
  it('treats an unknown type name as a resource type in snake_case', () => {
    assert.deepEqual(param(': Postgresql'), { type: 'object', format: 'resource-postgresql' });
    assert.deepEqual(param(': PostgresqlDb'), { type: 'object', format: 'resource-postgresql_db' });
    assert.deepEqual(param(': wmill.Stripe'), { type: 'object', format: 'resource-stripe' });
    assert.deepEqual(param(': Optional[S3Bucket] = None'), {
      type: 'object',
      format: 'resource-s3_bucket',
      nullable: true,
      default: null,
    });
  });
});

describe('parsePythonSignature: defaults', () => {
  it('keeps literal defaults', () => {
    assert.deepEqual(param(': int = -5'), { type: 'integer', default: -5 });
    assert.deepEqual(param(': float = 2.5e3'), { type: 'number', default: 2500 });
    assert.deepEqual(param(": str = 'it\\'s\\n'"), { type: 'string', default: "it's\n" });
    assert.deepEqual(param(': str = r"C:\\dir"'), { type: 'string', default: 'C:\\dir' });
    assert.deepEqual(param(': str = "a" "b"'), { type: 'string', default: 'ab' });
    assert.deepEqual(param(': str = """multi\nline"""'), { type: 'string', default: 'multi\nline' });
    assert.deepEqual(param(': bool = False'), { type: 'boolean', default: false });
    assert.deepEqual(param(': list[int] = [1, -2]'), { type: 'array', items: { type: 'integer' }, default: [1, -2] });
    assert.deepEqual(param(': dict = {"a": [None, True], "b": {"c": 1.5}}'), {
      type: 'object',
      default: { a: [null, true], b: { c: 1.5 } },
    });
    assert.deepEqual(param(': int = 0x1F'), { type: 'integer', default: 31 });
    assert.deepEqual(param(': int = 1_000'), { type: 'integer', default: 1000 });
  });

  it('keeps a None default and lets it validate', () => {
    assert.deepEqual(param(': str = None'), { type: 'string', nullable: true, default: null });
    assert.deepEqual(param('=None'), { default: null });
  });

  it('omits computed defaults but keeps the parameter optional', () => {
    assert.deepEqual(param(': datetime = datetime.now()'), { type: 'string', format: 'date-time' });
    assert.deepEqual(param(': str = f"{PREFIX}-x"'), { type: 'string' });
    assert.deepEqual(param(': str = DEFAULT'), { type: 'string' });
    assert.deepEqual(param(': dict = {**BASE}'), { type: 'object' });
    assert.deepEqual(param(': list = [i for i in range(3)]'), { type: 'array' });
    assert.deepEqual(param(': bytes = b"raw"'), { type: 'string', contentEncoding: 'base64' });
    assert.equal(isRequired(': datetime = datetime.now()'), false);
  });

  it('types an untyped parameter from its default', () => {
    assert.deepEqual(param('=3'), { type: 'integer', default: 3 });
    assert.deepEqual(param('=-3'), { type: 'integer', default: -3 });
    assert.deepEqual(param('=1.5'), { type: 'number', default: 1.5 });
    assert.deepEqual(param('=1.0'), { type: 'number', default: 1 });
    assert.deepEqual(param('="a"'), { type: 'string', default: 'a' });
    assert.deepEqual(param('=True'), { type: 'boolean', default: true });
    assert.deepEqual(param('=[]'), { type: 'array', default: [] });
    assert.deepEqual(param('=(1, 2)'), { type: 'array', default: [1, 2] });
    assert.deepEqual(param('={}'), { type: 'object', default: {} });
    assert.deepEqual(param('=compute()'), {});
  });
});

describe('parsePythonSignature: descriptions', () => {
  it('reads Google-style Args from the docstring', () => {
    const source = [
      'def main(channel: str, text: str = "hi"):',
      '    """Posts a message.',
      '',
      '    Args:',
      '        channel (str): where to post,',
      '            e.g. #general',
      '        text: what to say',
      '',
      '    Returns:',
      '        nothing',
      '    """',
    ].join('\n');
    const { properties } = parsePythonSignature(source).schema;
    assert.equal(properties.channel.description, 'where to post, e.g. #general');
    assert.equal(properties.text.description, 'what to say');
  });

  it('reads Sphinx-style :param lines', () => {
    const source = 'def main(a: int):\n    """:param a: the count"""\n';
    assert.equal(parsePythonSignature(source).schema.properties.a.description, 'the count');
  });
});
