# biaozhu：快捷鍵表（繁體中文）：滑鼠手勢的名稱，以及鍵位表（src/app/keymap/mod.rs）中每個繫結的說明。

## 手勢
gesture-drag = 拖動
gesture-double-click = 雙擊
gesture-click-a-highlight = 單擊高亮

## 各繫結的作用
keys-label-the-selection-or-relabel = 標註選中的文字，或給選中的標註換標籤（鍵位來自 `labels.ron`）
keys-while-linking-pick-the-numbered = 建立關係時：選擇編號的標註（兩種關係型別都適用時選擇型別）；單擊標註也可建立關係；對已有關係再建一次會刪除它
keys-label-every-unlabelled-match-of = 把選中文字的每處未標註匹配都標上，作為一步可撤銷的操作
keys-select-exact-characters-across-line = 精確選擇字元，可跨行
keys-select-a-word-jiebars-or = 選中一個詞（jieba-rs）或帶單位的數字（53.7億元）
keys-select-the-span-click-again = 選中標註；再次單擊可在巢狀的標註間切換
keys-remove-the-selected-span = 刪除選中的標註
keys-link-the-selected-span-candidates = 為選中的標註建立關係：能構成關係的候選會編號，按段內距離由近到遠
keys-while-linking-cancel = 建立關係時：取消
keys-clear-the-selection-or-close = 取消選擇（或關閉快捷鍵表）
keys-move-the-end-of-the = 移動選區或選中標註的結尾
keys-move-the-start-of-the = 移動選區或選中標註的開頭
keys-without-a-selection-next-previous = 沒有選區時：下一篇 / 上一篇文件
keys-undo-per-document-unlimited-within = 撤銷（按文件，一次會話內不限次數）
keys-redo = 重做
keys-next-previous-document = 下一篇 / 上一篇文件
keys-mark-done-and-go-to = 標記為已完成，並轉到下一篇未完成的文件
keys-find-traditional-and-simplified-forms = 查詢（繁體與簡體互相匹配）
keys-with-the-find-bar-open = 查詢欄開啟時：下一處匹配（並選中它）
keys-in-the-find-field-close = 在查詢框中：關閉查詢欄
keys-accept-the-suggestion-under-the = 接受滑鼠下的建議（或選區處的，或下一條）。建議是 `model-rules` 的標註（執行 `biaozhu suggest` 生成），以虛線框顯示；接受後即為普通的、可撤銷的標註，並帶有型別化的值
keys-reject-that-suggestion-saved-with = 拒絕該建議（隨標註儲存，不會再次提出）
keys-accept-every-pending-suggestion-of = 接受當前標籤的全部待處理建議
keys-accept-the-suggested-links-dashed = 接受選中標註的建議關係（虛線弧），或全部建議關係；只有兩端都是你的標註時才會建議關係
keys-save-every-edit-is-saved = 儲存（每次編輯都已自動儲存）
keys-larger-text = 放大文字
keys-smaller-text = 縮小文字
keys-show-or-hide-the-projects = 顯示或隱藏項目檢視：本文件的投資項目，以及每項還缺什麼
keys-show-or-hide-the-shortcut = 顯示或隱藏快捷鍵表
keys-guidelines = 顯示標註準則中選中標註的標籤那一節（未選中標註時顯示全文），或隱藏準則
