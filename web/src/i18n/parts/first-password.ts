// The first sign-in with a password someone else chose (an import's generated one, an
// administrator's reset): the user sets their own before anything else (issue 10.3).
export default {
  en: {
    firstPassword: {
      title: "Choose your own password",
      intro: "You signed in with a password someone else gave you. Set your own now; until then nothing else can be saved.",
      current: "Password you signed in with",
      currentRequired: "Enter the password you signed in with",
      next: "New password",
      nextHelp: "At least 8 characters, not a common password, not containing your email name.",
      nextRequired: "Enter a new password",
      confirm: "New password again",
      mismatch: "The two new passwords differ",
      submit: "Save and continue",
      done: "Your password is set.",
      signOut: "Sign out",
    },
  },
  zh: {
    firstPassword: {
      title: "设置您自己的密码",
      intro: "您登录所用的是他人为您生成的初始密码。请现在设置自己的密码；设置之前无法保存其他内容。",
      current: "登录所用的密码",
      currentRequired: "请输入登录所用的密码",
      next: "新密码",
      nextHelp: "至少 8 个字符，不能是常见密码，不能包含邮箱用户名。",
      nextRequired: "请输入新密码",
      confirm: "再次输入新密码",
      mismatch: "两次输入的新密码不一致",
      submit: "保存并继续",
      done: "密码已设置。",
      signOut: "退出登录",
    },
  },
};
