// Forgotten passwords (issue 13.4): the sign-in page's link, asking for a link by
// e-mail, choosing a new password with a link, and an administrator's reset link.
export default {
  en: {
    forgot: {
      link: "Forgot password?",
      title: "Reset your password",
      emailIntro: "Enter the e-mail address you sign in with. If it belongs to an account, we send a link to choose a new password.",
      adminIntro: "Ask your administrator for a password reset link: they can make one for you under Administration → Users. Open it and choose a new password.",
      send: "Send me a link",
      back: "Back to sign in",
    },
    reset: {
      title: "Choose a new password",
      intro: "The link works once. Every device signed in to your account is signed out.",
      noToken: "This address holds no reset link. Open the whole link you were given, or ask for a new one.",
      done: "Your new password is set. Sign in with it.",
      signIn: "Sign in",
      again: "Ask for a new link",
    },
    usersAdmin: {
      resetLink: "Password reset link",
      resetLinkTitle: "Reset link for {{name}}",
      resetLinkText: "Send this link to {{name}} (chat, phone…). It works once, until {{expires}}; their earlier links stop working. After they use it, all their sessions end.",
      copyLink: "Copy link",
      copied: "Copied",
    },
  },
  zh: {
    forgot: {
      link: "忘记密码？",
      title: "重置密码",
      emailIntro: "请输入您登录所用的邮箱。如果该邮箱对应一个账号，我们会发送设置新密码的链接。",
      adminIntro: "请联系管理员获取重置密码链接：管理员可在「系统管理 → 用户」中为您生成。打开链接即可设置新密码。",
      send: "发送链接",
      back: "返回登录",
    },
    reset: {
      title: "设置新密码",
      intro: "该链接只能使用一次。设置后，您账号在所有设备上的登录都将退出。",
      noToken: "该地址不包含重置链接。请打开完整的链接，或重新获取。",
      done: "新密码已设置，请用新密码登录。",
      signIn: "去登录",
      again: "重新获取链接",
    },
    usersAdmin: {
      resetLink: "重置密码链接",
      resetLinkTitle: "{{name}} 的重置链接",
      resetLinkText: "请把此链接发给 {{name}}（聊天工具、电话等）。链接只能使用一次，有效期至 {{expires}}；之前生成的链接随即失效。使用后，该用户的所有登录都将退出。",
      copyLink: "复制链接",
      copied: "已复制",
    },
  },
};
