// A local ESLint rule for the layers of ARCHITECTURE.md (after VS Code's code-layering): every
// file under src/ belongs to one layer, and every module it names — static imports, re-exports,
// `import()`, `require()`, `import x = require()`, `typeof import()` — must be its own layer, a
// layer on its allow-list, or a package that layer may use. The allow-list itself is the rule's
// options, in eslint.config.js.
import { builtinModules } from 'node:module';
import path from 'node:path';

const nodeBuiltins = new Set(builtinModules.filter((m) => !m.startsWith('_')));

/** 'fs/promises' → true; 'node:anything' → true. */
function isNodeBuiltin(spec) {
  return spec.startsWith('node:') || nodeBuiltins.has(spec) || nodeBuiltins.has(spec.split('/')[0]);
}

/** A package pattern: 'pg' matches 'pg' and 'pg/lib/x'; '@fastify/*' matches the whole scope. */
function packageMatches(pattern, spec) {
  if (pattern.endsWith('/*')) return spec.startsWith(pattern.slice(0, -1));
  return spec === pattern || spec.startsWith(`${pattern}/`);
}

/** A layer pattern: 'main/db' is that layer; 'main/*' every layer whose name starts with 'main/'. */
function layerMatches(pattern, name) {
  return pattern.endsWith('/*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

const toPosix = (p) => p.split(path.sep).join('/');

/** @type {import('eslint').Rule.RuleModule} */
export const layering = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer imports only itself, the layers on its allow-list and the packages it may use.' },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        required: ['root', 'layers'],
        properties: {
          root: { type: 'string' },
          layers: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['name', 'dir', 'allow'],
              properties: {
                name: { type: 'string' },
                dir: { type: 'string' },
                allow: { type: 'array', items: { type: 'string' } },
                nodeBuiltins: { type: 'boolean' },
                onlyPackages: { type: 'array', items: { type: 'string' } },
              },
            },
          },
          packageOwners: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
        },
      },
    ],
    messages: {
      layer: "{{from}} may not import {{to}} ('{{spec}}'). {{from}} may import: {{allowed}} (allow-list in eslint.config.js).",
      builtin: "{{from}} may not import the Node built-in '{{spec}}': it runs where Node does not.",
      onlyPackages: "{{from}} may not import the package '{{spec}}': it may use only {{allowed}}.",
      owned: "'{{spec}}' belongs to {{owners}}; {{from}} may not import it.",
      computed: 'A module named by a computed expression cannot be checked against the layers: name it with a string literal.',
      noLayer: 'This file is under {{root}}/ but in no layer of the allow-list in eslint.config.js: add its folder there.',
    },
  },

  create(context) {
    const { root, layers, packageOwners = {} } = context.options[0];
    const cwd = context.cwd;
    const rel = (abs) => toPosix(path.relative(cwd, abs));
    // Longest folder first, so 'src/main/db' wins over a 'src/main' layer.
    const byDepth = [...layers].sort((a, b) => b.dir.length - a.dir.length);
    const layerOf = (relPath) => byDepth.find((l) => relPath === l.dir || relPath.startsWith(`${l.dir}/`));

    const file = rel(context.physicalFilename ?? context.filename);
    if (!file.startsWith(`${root}/`)) return {};
    const self = layerOf(file);
    if (!self) {
      return { Program: (node) => context.report({ node, messageId: 'noLayer', data: { root } }) };
    }
    const allowed = [self.name, ...self.allow];
    const describeAllowed = () => allowed.join(', ');

    function checkSpecifier(node, spec) {
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const target = rel(path.resolve(path.dirname(context.filename), spec));
        const to = layerOf(target);
        if (to && allowed.includes(to.name)) return;
        context.report({ node, messageId: 'layer', data: { from: self.name, to: to ? to.name : target, spec, allowed: describeAllowed() } });
        return;
      }
      if (isNodeBuiltin(spec)) {
        if (self.nodeBuiltins === false || self.onlyPackages) {
          context.report({ node, messageId: 'builtin', data: { from: self.name, spec } });
        }
        return;
      }
      if (self.onlyPackages && !self.onlyPackages.some((p) => packageMatches(p, spec))) {
        context.report({ node, messageId: 'onlyPackages', data: { from: self.name, spec, allowed: self.onlyPackages.join(', ') } });
        return;
      }
      // The most specific owner entry decides: 'drizzle-orm/pg-core' before 'drizzle-orm'.
      const owner = Object.keys(packageOwners)
        .filter((p) => packageMatches(p, spec))
        .sort((a, b) => b.length - a.length)[0];
      if (owner && !packageOwners[owner].some((l) => layerMatches(l, self.name))) {
        context.report({ node, messageId: 'owned', data: { from: self.name, spec, owners: packageOwners[owner].join(', ') } });
      }
    }

    /** A module name given as an expression: a string literal or a template with no holes. */
    function checkExpression(node, expr) {
      if (!expr) return;
      if (expr.type === 'Literal' && typeof expr.value === 'string') return checkSpecifier(node, expr.value);
      if (expr.type === 'TemplateLiteral' && expr.expressions.length === 0) return checkSpecifier(node, expr.quasis[0].value.cooked);
      context.report({ node, messageId: 'computed' });
    }

    const isRequire = (callee) =>
      (callee.type === 'Identifier' && callee.name === 'require') ||
      // require.resolve('x'), module.require('x'), globalThis.require('x')
      (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' &&
        ((callee.object.type === 'Identifier' && callee.object.name === 'require' && callee.property.name === 'resolve') ||
          callee.property.name === 'require'));

    return {
      ImportDeclaration: (node) => checkSpecifier(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && checkSpecifier(node, node.source.value),
      ExportAllDeclaration: (node) => checkSpecifier(node, node.source.value),
      ImportExpression: (node) => checkExpression(node, node.source),
      CallExpression: (node) => isRequire(node.callee) && checkExpression(node, node.arguments[0]),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' && checkExpression(node, node.moduleReference.expression),
      TSImportType: (node) => {
        // typescript-eslint 8.4x: `source` is the string; older: `argument`, a TSLiteralType around it.
        if (node.source) return checkExpression(node, node.source);
        const arg = node.argument;
        checkExpression(node, arg?.type === 'TSLiteralType' ? arg.literal : arg);
      },
    };
  },
};

export default { rules: { layering } };
