-- Headless Neovim smoke test for `nenrule lsp`.
--
-- Opens a .nenrule file, starts the server, waits until it has attached and published
-- diagnostics for the buffer, asks for hover on the first occurrence of a word (outside
-- comments and strings) and checks the answer names the word, then asks for the document
-- symbols and checks there are some. Exit status 0 on success, 1 on any failure.
--
-- Run it through nvim_smoke.sh, or directly:
--   NENRULE_BIN=nenrule NENRULE_FILE=Guidelines/common/facts.nenrule NENRULE_ROOT=Guidelines \
--   NENRULE_WORD=tumor_size nvim --headless --clean -n -u NONE -c 'luafile Tests/Editors/nvim_smoke.lua'
-- On Neovim 0.9+ the same values may instead be passed as arguments:
--   nvim --headless --clean -n -u NONE -l Tests/Editors/nvim_smoke.lua BINARY FILE [WORD] [ROOT]
--
-- Works on Neovim 0.7 and later: features are detected at run time.

local TIMEOUT_MS = tonumber(os.getenv('NENRULE_TIMEOUT_MS') or '') or 20000

local function out(msg)
  io.stdout:write('nvim_smoke: ' .. msg .. '\n')
  io.stdout:flush()
end

local client_id = nil
local exited = false

-- Stops the client (shutdown + exit; `force` kills the server).
local function stop(force)
  local client = vim.lsp.get_client_by_id(client_id)
  if client and vim.fn.has('nvim-0.11') == 1 then
    client:stop(force)
  elseif client then
    vim.lsp.stop_client(client_id, force)
  end
end

local function finish(code)
  if client_id and not exited then
    pcall(stop, false)
    vim.wait(5000, function() return exited end, 20)
    if not exited then
      pcall(stop, true)
    end
  end
  io.stdout:flush()
  io.stderr:flush()
  os.exit(code)
end

local function fail(msg)
  io.stderr:write('nvim_smoke: FAIL: ' .. msg .. '\n')
  local ok, log = pcall(vim.lsp.get_log_path)
  if ok and log then
    io.stderr:write('nvim_smoke: the Neovim LSP log (server stderr included) is ' .. log .. '\n')
  end
  finish(1)
end

-- Calls a client method on both the 0.11+ (`client:m(...)`) and the older (`client.m(...)`) API.
local function call(client, name, ...)
  if vim.fn.has('nvim-0.11') == 1 then
    return client[name](client, ...)
  end
  return client[name](...)
end

-- Flattens hover contents (MarkupContent, MarkedString or MarkedString[]) into text.
local function hover_text(contents)
  if type(contents) == 'string' then
    return contents
  elseif type(contents) ~= 'table' then
    return ''
  elseif contents.value ~= nil then
    return tostring(contents.value)
  end
  local parts = {}
  for _, item in ipairs(contents) do
    table.insert(parts, hover_text(item))
  end
  return table.concat(parts, '\n')
end

local function escape_pattern(s)
  return (s:gsub('[%^%$%(%)%%%.%[%]%*%+%-%?]', '%%%0'))
end

-- The 0-based line and byte column of the first whole-word occurrence of `word` that is not in
-- a comment (`#` to end of line) or a string.
local function find_word(bufnr, word)
  local pattern = '%f[%w_]' .. escape_pattern(word) .. '%f[^%w_]'
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  for lnum, line in ipairs(lines) do
    local init = 1
    while true do
      local s, e = line:find(pattern, init)
      if not s then
        break
      end
      -- A dotted id continues: `word` must not be glued to a `.` on either side.
      local before, after = line:sub(s - 1, s - 1), line:sub(e + 1, e + 1)
      local prefix = line:sub(1, s - 1)
      local _, quotes = prefix:gsub('"', '')
      local in_comment = prefix:gsub('"[^"]*"', ''):find('#', 1, true) ~= nil
      if before ~= '.' and after ~= '.' and quotes % 2 == 0 and not in_comment then
        return lnum - 1, s - 1
      end
      init = e + 1
    end
  end
  return nil
end

local function main(argv)
  local binary = argv[1] or os.getenv('NENRULE_BIN')
  local file = argv[2] or os.getenv('NENRULE_FILE')
  local word = argv[3] or os.getenv('NENRULE_WORD') or 'tumor_size'
  local root = argv[4] or os.getenv('NENRULE_ROOT')
  if not binary or binary == '' or not file or file == '' then
    fail('usage: set NENRULE_BIN and NENRULE_FILE (optional NENRULE_WORD, NENRULE_ROOT)')
  end
  if word == '' then word = 'tumor_size' end
  file = vim.fn.fnamemodify(file, ':p')
  if vim.fn.filereadable(file) ~= 1 then
    fail('cannot read ' .. file)
  end
  if not root or root == '' then
    root = vim.fn.fnamemodify(file, ':h')
  end
  root = vim.fn.fnamemodify(root, ':p'):gsub('/$', '')
  local v = vim.version()
  out(string.format('Neovim %d.%d.%d, server `%s lsp`, file %s, root %s', v.major, v.minor, v.patch, binary, file, root))

  if vim.filetype and vim.filetype.add then
    vim.filetype.add({ extension = { nenrule = 'nenrule' } })
  end
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'nenrule'

  local initialized = false
  local publishes = 0
  local exit_code = nil
  local on_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
  local config = {
    name = 'nenrule',
    cmd = { binary, 'lsp' },
    root_dir = root,
    on_init = function() initialized = true end,
    on_exit = function(code)
      exit_code = code
      exited = true
    end,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, cfg)
        if result and result.uri and vim.uri_to_bufnr(result.uri) == bufnr then
          publishes = publishes + 1
        end
        return on_publish(err, result, ctx, cfg)
      end,
    },
  }

  if vim.lsp.start then -- 0.8+
    client_id = vim.lsp.start(config, { bufnr = bufnr })
  else -- 0.7
    client_id = vim.lsp.start_client(config)
    if client_id then
      vim.lsp.buf_attach_client(bufnr, client_id)
    end
  end
  if not client_id then
    fail('could not start `' .. binary .. ' lsp`')
  end

  local ready = vim.wait(TIMEOUT_MS, function()
    return exited or (initialized and vim.lsp.buf_is_attached(bufnr, client_id) and publishes > 0)
  end, 20)
  if exited then
    fail('the server exited (code ' .. tostring(exit_code) .. ') before it was ready')
  elseif not initialized then
    fail('the server did not answer `initialize` within ' .. TIMEOUT_MS .. ' ms')
  elseif not vim.lsp.buf_is_attached(bufnr, client_id) then
    fail('the client did not attach to the buffer within ' .. TIMEOUT_MS .. ' ms')
  elseif not ready then
    fail('no textDocument/publishDiagnostics for the buffer within ' .. TIMEOUT_MS .. ' ms')
  end
  local client = vim.lsp.get_client_by_id(client_id)
  if not client then
    fail('client ' .. tostring(client_id) .. ' vanished')
  end
  out(string.format('attached; %d publish(es), %d diagnostic(s) in the buffer',
    publishes, #vim.diagnostic.get(bufnr)))

  -- Hover.
  local line, col = find_word(bufnr, word)
  if not line then
    fail('`' .. word .. '` does not occur in ' .. file .. ' outside comments and strings')
  end
  vim.api.nvim_win_set_cursor(0, { line + 1, col })
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding or 'utf-16')
  local resp, err = call(client, 'request_sync', 'textDocument/hover', params, TIMEOUT_MS, bufnr)
  if not resp then
    fail('textDocument/hover: ' .. tostring(err or 'no response'))
  elseif resp.err then
    fail('textDocument/hover: ' .. vim.inspect(resp.err))
  elseif type(resp.result) ~= 'table' or resp.result.contents == nil then
    fail(string.format('textDocument/hover at %d:%d returned no contents: %s',
      line + 1, col + 1, vim.inspect(resp.result)))
  end
  local text = hover_text(resp.result.contents)
  if not text:find(word, 1, true) then
    fail(string.format('hover at %d:%d does not mention `%s`: %s', line + 1, col + 1, word, text))
  end
  out(string.format('hover at %d:%d mentions `%s`', line + 1, col + 1, word))

  -- Document symbols.
  local sym_params = { textDocument = vim.lsp.util.make_text_document_params(bufnr) }
  resp, err = call(client, 'request_sync', 'textDocument/documentSymbol', sym_params, TIMEOUT_MS, bufnr)
  if not resp then
    fail('textDocument/documentSymbol: ' .. tostring(err or 'no response'))
  elseif resp.err then
    fail('textDocument/documentSymbol: ' .. vim.inspect(resp.err))
  elseif type(resp.result) ~= 'table' or #resp.result == 0 then
    fail('textDocument/documentSymbol returned no symbols: ' .. vim.inspect(resp.result))
  end
  out(string.format('%d document symbol(s), the first `%s`', #resp.result, tostring(resp.result[1].name)))

  -- Shut down: stop the client and wait for the server to exit.
  stop(false)
  if not vim.wait(TIMEOUT_MS, function() return exited end, 20) then
    fail('the server did not exit after shutdown/exit within ' .. TIMEOUT_MS .. ' ms')
  end
  if exit_code ~= 0 then
    fail('the server exited with code ' .. tostring(exit_code) .. ' after shutdown/exit')
  end
  out('PASS')
  finish(0)
end

local argv = {}
if type(_G.arg) == 'table' then
  for i = 1, 4 do
    if _G.arg[i] ~= nil and _G.arg[i] ~= '' then argv[i] = _G.arg[i] end
  end
end
local ok, err = xpcall(main, debug.traceback, argv)
if not ok then
  fail('error: ' .. tostring(err))
end
