-- copydesk for Neovim: starts `copydesk lsp` for Markdown and plain text.
--
--   require("copydesk").setup({
--     cmd = { "copydesk", "lsp" },              -- the server; `copydesk` from the PATH
--     filetypes = { "markdown", "text" },
--     root_markers = { "copydesk.toml", ".copydesk.toml", ".git" },
--     init_options = {                         -- editor settings, the shape of copydesk.toml
--       rules = { ["relative-time"] = "off" }, -- plus the server's own `debounceMs`
--       debounceMs = 100,
--     },
--   })
--
-- On Neovim 0.11 and later it uses vim.lsp.config and vim.lsp.enable; on 0.8 to 0.10 it
-- starts the client itself with vim.lsp.start from a FileType autocmd.

local M = {}

M.defaults = {
  cmd = { "copydesk", "lsp" },
  filetypes = { "markdown", "text" },
  root_markers = { "copydesk.toml", ".copydesk.toml", ".git" },
  init_options = {},
  -- Force the vim.lsp.start path even on 0.11 (the path 0.8 to 0.10 take).
  legacy = false,
}

-- How the last setup() started the server: "config" (0.11+) or "start" (0.8 to 0.10).
M.mode = nil

local function empty_table_to_dict(value)
  -- An empty Lua table would be sent as a JSON array; the server wants an object.
  if type(value) == "table" and next(value) == nil then
    return vim.empty_dict()
  end
  return value
end

local function root_for(bufnr, markers)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local folder = name ~= "" and vim.fs.dirname(name) or vim.fn.getcwd()
  local found = vim.fs.find(markers, { upward = true, path = folder })[1]
  return found and vim.fs.dirname(found) or folder
end

--- Start copydesk on the buffers of its filetypes.
---@param opts table|nil see M.defaults; other keys (on_attach, capabilities, ...) go to the client config
function M.setup(opts)
  opts = vim.tbl_deep_extend("force", {}, M.defaults, opts or {})
  local legacy = opts.legacy
  opts.legacy = nil
  opts.init_options = empty_table_to_dict(opts.init_options)

  if not legacy and vim.fn.has("nvim-0.11") == 1 then
    vim.lsp.config("copydesk", opts)
    vim.lsp.enable("copydesk")
    M.mode = "config"
  elseif vim.fn.has("nvim-0.8") == 1 then
    local group = vim.api.nvim_create_augroup("copydesk", { clear = true })
    local function start(bufnr)
      if vim.bo[bufnr].buftype ~= "" then
        return
      end
      local config = vim.tbl_extend("force", {}, opts, {
        name = "copydesk",
        root_dir = root_for(bufnr, opts.root_markers),
      })
      config.filetypes = nil
      config.root_markers = nil
      vim.lsp.start(config, { bufnr = bufnr })
    end
    vim.api.nvim_create_autocmd("FileType", {
      group = group,
      pattern = opts.filetypes,
      callback = function(args)
        start(args.buf)
      end,
    })
    -- Buffers already open.
    for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(opts.filetypes, vim.bo[bufnr].filetype) then
        start(bufnr)
      end
    end
    M.mode = "start"
  else
    vim.notify("copydesk needs Neovim 0.8 or later", vim.log.levels.ERROR)
    return
  end

  M.cmd = opts.cmd
  vim.api.nvim_create_user_command("CopydeskSources", function()
    M.sources()
  end, { desc = "copydesk: the current story's sources, quotations and unattributed claims" })
end

--- `copydesk sources FILE` on the current buffer's file, in a scratch split.
function M.sources()
  local file = vim.api.nvim_buf_get_name(0)
  if file == "" then
    vim.notify("copydesk: save the story first", vim.log.levels.WARN)
    return
  end
  local bin = (M.cmd or M.defaults.cmd)[1]
  local lines = vim.fn.systemlist({ bin, "sources", file })
  vim.cmd("botright new")
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].buftype = "nofile"
  vim.bo[buf].bufhidden = "wipe"
  vim.bo[buf].swapfile = false
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].modifiable = false
  pcall(vim.api.nvim_buf_set_name, buf, "copydesk sources")
  return buf
end

return M
