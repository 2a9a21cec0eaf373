-- Neovim (0.7 or later, headless) as the editor of `arledger lsp`: its own LSP client starts
-- the server on the fixture books (tests/fixtures/lsp) and the checks go through it.
-- Run by tests/cli/lsp.rs:
--   ARLEDGER_BIN=... JOURNAL=.../books.journal RESULT=out.txt nvim --headless --clean -u nvim-lsp.lua
-- RESULT gets `ok`, or one line per failed check.

local bin, journal, result = os.getenv('ARLEDGER_BIN'), os.getenv('JOURNAL'), os.getenv('RESULT')
local failures = {}
local function check(cond, what)
  if not cond then
    table.insert(failures, what)
  end
end

local function run()
  vim.cmd('edit ' .. vim.fn.fnameescape(journal))
  local buf = vim.api.nvim_get_current_buf()
  local client = vim.lsp.start_client({
    name = 'arledger',
    cmd = { bin, 'lsp', '--today', '2026-03-10' },
    root_dir = vim.fn.fnamemodify(journal, ':h'),
  })
  assert(client, 'the client did not start')
  vim.lsp.buf_attach_client(buf, client)
  -- The first diagnostics (none) come once the server has read the books.
  vim.wait(20000, function()
    local c = vim.lsp.get_client_by_id(client)
    return c ~= nil and c.initialized
  end, 20)

  -- 1. A broken posting, typed: its diagnostic, then none once it is gone.
  local last = vim.api.nvim_buf_line_count(buf)
  vim.api.nvim_buf_set_lines(buf, last, last, false, {
    '', '2026-03-09 * Broken', '    Assets:Bank:Checking  12..0 USD', '    Income:Services',
  })
  vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
  local d = vim.diagnostic.get(buf)
  check(#d == 1, 'diagnostics: expected 1, got ' .. #d)
  if d[1] then
    check(d[1].lnum == last + 2, 'diagnostic on line ' .. d[1].lnum .. ', not ' .. (last + 2))
    check(d[1].code == 'E0103', 'diagnostic code ' .. tostring(d[1].code))
    check(d[1].severity == vim.diagnostic.severity.ERROR, 'diagnostic severity')
    check(d[1].message:find('12..0', 1, true) ~= nil, 'diagnostic message: ' .. d[1].message)
  end
  vim.api.nvim_buf_set_lines(buf, last, last + 4, false, {})
  vim.wait(20000, function() return #vim.diagnostic.get(buf) == 0 end, 20)
  check(#vim.diagnostic.get(buf) == 0, 'the diagnostic stayed after the fix')

  -- 2. Completion after `invoice: ` offers the open invoices, with amount and due date.
  vim.api.nvim_buf_set_lines(buf, last, last, false, { '        ; invoice: ' })
  vim.api.nvim_win_set_cursor(0, { last + 1, 19 })
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/completion',
    vim.lsp.util.make_position_params(), 20000) or {}
  local labels, details = {}, {}
  for _, r in pairs(responses) do
    local items = r.result and (r.result.items or r.result) or {}
    for _, item in ipairs(items) do
      table.insert(labels, item.label)
      table.insert(details, item.detail or '')
    end
  end
  check(table.concat(labels, ',') == 'INV-4,INV-2', 'completion: ' .. table.concat(labels, ','))
  check((details[1] or ''):find('200.00 USD open, due 2026-03-07', 1, true) ~= nil,
    'completion detail: ' .. tostring(details[1]))
  vim.api.nvim_buf_set_lines(buf, last, last + 1, false, {})

  -- 3. Hover on an invoice reference.
  local row
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if line:find('; invoice: INV-1', 1, true) then row = i end
  end
  vim.api.nvim_win_set_cursor(0, { row, 21 })
  responses = vim.lsp.buf_request_sync(buf, 'textDocument/hover',
    vim.lsp.util.make_position_params(), 20000) or {}
  local hover = ''
  for _, r in pairs(responses) do
    if r.result and r.result.contents then hover = r.result.contents.value or '' end
  end
  for _, part in ipairs({ '**INV-1** · invoice of Acme Corp', '| due | 2026-02-09 |',
      '| open | 0.00 USD |', '| status | paid', 'payment 1,000.00 USD (PMT-1' }) do
    check(hover:find(part, 1, true) ~= nil, 'hover lacks "' .. part .. '": ' .. hover)
  end

  -- 4. Go to definition lands on the invoice's line (in the included file).
  vim.lsp.buf.definition()
  vim.wait(20000, function()
    return vim.api.nvim_buf_get_name(0):find('sales.journal', 1, true) ~= nil
  end, 20)
  local name = vim.api.nvim_buf_get_name(0)
  check(name:find('sales.journal', 1, true) ~= nil, 'definition: still in ' .. name)
  local line = vim.api.nvim_get_current_line()
  check(line:find('(INV-1)', 1, true) ~= nil, 'definition landed on: ' .. line)
end

local ok, err = pcall(run)
if not ok then
  table.insert(failures, 'error: ' .. tostring(err))
end
local f = assert(io.open(result, 'w'))
f:write(#failures == 0 and 'ok\n' or table.concat(failures, '\n') .. '\n')
f:close()
vim.cmd('qa!')
