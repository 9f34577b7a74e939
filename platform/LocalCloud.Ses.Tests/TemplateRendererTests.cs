using System.Text.Json;
using LocalCloud.Ses.Mail;

namespace LocalCloud.Ses.Tests;

public sealed class TemplateRendererTests
{
    private static string Render(string template, string data, bool html = false)
    {
        Assert.True(TemplateRenderer.TryParseData(data, out var element));
        return TemplateRenderer.Render(template, element, html);
    }

    [Theory]
    [InlineData("Hi {{name}}!", """{"name":"Ann"}""", "Hi Ann!")]
    [InlineData("{{ name }}", """{"name":"Ann"}""", "Ann")]
    [InlineData("{{a.b.c}}", """{"a":{"b":{"c":3}}}""", "3")]
    [InlineData("{{n}} {{t}} {{z}}", """{"n":1.5,"t":true,"z":null}""", "1.5 true ")]
    [InlineData("{{#if vip}}VIP{{else}}regular{{/if}}", """{"vip":false}""", "regular")]
    [InlineData("{{#if vip}}VIP{{/if}}", """{}""", "")]
    [InlineData("{{#unless paid}}pay now{{/unless}}", """{"paid":0}""", "pay now")]
    [InlineData("{{#each items}}{{@index}}:{{name}} {{/each}}", """{"items":[{"name":"a"},{"name":"b"}]}""", "0:a 1:b ")]
    [InlineData("{{#each tags}}[{{this}}]{{else}}none{{/each}}", """{"tags":[]}""", "none")]
    [InlineData("{{#with who}}{{name}}{{/with}}", """{"who":{"name":"Bo"}}""", "Bo")]
    [InlineData("a{{! a comment }}b{{!-- {{not}} --}}c", """{}""", "abc")]
    [InlineData("no placeholders & <tags>", """{}""", "no placeholders & <tags>")]
    public void Render_FillsTheHandlebarsSubsetSesUses(string template, string data, string expected) =>
        Assert.Equal(expected, Render(template, data));

    [Fact]
    public void Html_EscapesDoubleBracesButNotTripleBraces() =>
        Assert.Equal("&lt;b&gt; &amp; <b>", Render("{{v}} {{amp}} {{{v}}}", """{"v":"<b>","amp":"&"}""", html: true));

    [Fact]
    public void Text_IsNotEscaped() => Assert.Equal("<b> & co", Render("{{v}} & co", """{"v":"<b>"}"""));

    [Theory]
    [InlineData("Hi {{name}}", "Attribute 'name' is not present in the rendering data.")]
    [InlineData("{{a.b}}", "Attribute 'a.b' is not present in the rendering data.")]
    [InlineData("{{#if x}}open", "'{{#if x}}' is not closed.")]
    [InlineData("{{/if}}", "'{{/if}}' does not close an open block.")]
    [InlineData("{{unclosed", "Unclosed expression at character 0.")]
    [InlineData("{{#lookup x}}{{/lookup}}", "Unsupported block helper '{{#lookup x}}'.")]
    public void Render_FailsAsSesRenderingFailures(string template, string message)
    {
        var ex = Assert.Throws<RenderingException>(() => Render(template, """{"a":{}}"""));
        Assert.Equal(message, ex.Message);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("{oops")]
    [InlineData("")]
    public void TemplateData_MustBeAJsonObject(string data) => Assert.False(TemplateRenderer.TryParseData(data, out _));

    [Fact]
    public void DeeplyNestedData_IsRejectedNotOverflowed()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200);
        Assert.False(TemplateRenderer.TryParseData(deep, out JsonElement _));
    }
}
