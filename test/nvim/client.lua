-- Headless Neovim (0.7+) as a second LSP client of the standalone server.
-- Usage: nvim --headless -u NONE -i NONE -n -c 'luafile test/nvim/client.lua' FILE
-- Env: SM_SERVER_CMD (JSON array, e.g. ["node","dist/server.js","--stdio"]), SM_NVIM_OUT (JSON result file),
--      SM_NVIM_TIMEOUT_MS (default 20000), SM_NVIM_WANT (how many diagnostics to wait for, default 1).
-- Writes {"uri", "filetype", "diagnostics"} (or {"error"}) to SM_NVIM_OUT, then exits 0 (2 on failure).

local out = vim.env.SM_NVIM_OUT
local done = false

local function finish(result, code)
  if done then return end
  done = true
  if out then
    local f = io.open(out, 'w')
    if f then
      f:write(vim.fn.json_encode(result))
      f:close()
    end
  end
  vim.cmd((code == 0) and 'qall!' or ('cquit ' .. code))
end

local function main()
  assert(out, 'SM_NVIM_OUT is not set')
  local cmd = vim.fn.json_decode((assert(vim.env.SM_SERVER_CMD, 'SM_SERVER_CMD is not set')))
  local timeout_ms = tonumber(vim.env.SM_NVIM_TIMEOUT_MS or '20000')
  local want = tonumber(vim.env.SM_NVIM_WANT or '1')

  -- -u NONE skips filetype detection; a user's config has it, and the languageId comes from it.
  vim.cmd('filetype on')
  vim.cmd('filetype detect')
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)
  local seen = {}

  local client_id = vim.lsp.start_client({
    name = 'sm-guardrails',
    cmd = cmd,
    root_dir = vim.fn.getcwd(),
    handlers = {
      ['textDocument/publishDiagnostics'] = function(_, result)
        table.insert(seen, { uri = result.uri, count = #result.diagnostics })
        if result.uri == uri and #result.diagnostics >= want then
          finish({ uri = uri, filetype = vim.bo[bufnr].filetype, diagnostics = result.diagnostics }, 0)
        end
      end,
    },
    on_exit = function(code, signal)
      vim.schedule(function()
        finish({ error = string.format('language server exited (code %s, signal %s) before diagnostics', code, signal), seen = seen }, 2)
      end)
    end,
  })
  assert(client_id, 'vim.lsp.start_client failed for ' .. table.concat(cmd, ' '))
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'vim.lsp.buf_attach_client failed')

  -- A deadline, not a sleep: it fires only if no matching publishDiagnostics arrived in time.
  vim.defer_fn(function()
    finish({
      error = string.format('no publishDiagnostics with >= %d diagnostics for %s within %d ms (filetype "%s")', want, uri, timeout_ms, vim.bo[bufnr].filetype),
      seen = seen,
    }, 2)
  end, timeout_ms)
end

local ok, err = pcall(main)
if not ok then finish({ error = 'client.lua: ' .. tostring(err) }, 2) end
